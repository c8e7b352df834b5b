import { describe, expect, it, vi } from 'vitest';
import { answerQuestion, answerText, phraseWithLlm } from '../../src/answer/index.js';
import { PACKS } from '../../src/rules/packs/index.js';

const TODAY = '2025-06-16';
const base = answerQuestion({ packs: PACKS, question: '牡丹区合同签了几天内要备案', today: TODAY });

function stubFetch(reply: unknown, init: { ok?: boolean; status?: number } = {}) {
  return vi.fn(
    async (_url: string | URL | Request, _opts?: RequestInit) =>
      new Response(JSON.stringify(reply), { status: init.status ?? 200 }),
  );
}

const config = (f: typeof fetch) => ({
  endpoint: 'https://llm.example.test/v1/',
  apiKey: 'sk-test',
  model: 'qa-model',
  fetch: f,
});

describe('phraseWithLlm', () => {
  it('asks an OpenAI-compatible chat endpoint with only the answer and its quoted articles', async () => {
    const f = stubFetch({
      choices: [{ message: { content: '合同签订后10个工作日内，把相关资料报区大数据局备案。\n注意该办法已过期。' } }],
    });
    const out = await phraseWithLlm(base, config(f as unknown as typeof fetch));
    expect(f).toHaveBeenCalledTimes(1);
    const [url, opts] = f.mock.calls[0]!;
    expect(url).toBe('https://llm.example.test/v1/chat/completions');
    expect(opts!.method).toBe('POST');
    expect((opts!.headers as Record<string, string>).authorization).toBe('Bearer sk-test');
    const body = JSON.parse(String(opts!.body)) as { model: string; messages: { role: string; content: string }[] };
    expect(body.model).toBe('qa-model');
    const user = body.messages.find((m) => m.role === 'user')!.content;
    expect(user).toContain('牡丹区合同签了几天内要备案');
    for (const c of base.citations) expect(user).toContain(c.text);
    // Nothing of the measures beyond what the answer cites.
    const mudan = PACKS.find((p) => p.id === 'mudan-2023')!;
    const uncited = mudan.articles.filter((a) => !base.citations.some((c) => c.article === a.no));
    for (const a of uncited) expect(user).not.toContain(a.text.slice(0, 30));

    expect(out.lines).toEqual(['合同签订后10个工作日内，把相关资料报区大数据局备案。', '注意该办法已过期。']);
    expect(out.citations).toEqual(base.citations);
    expect(out.validityNote).toBe(base.validityNote);
    expect(out.phrasedBy).toBe('qa-model');
    // The citations always follow the model's words.
    const text = answerText(out);
    expect(text.indexOf(base.citations[0]!.text)).toBeGreaterThan(text.indexOf('注意该办法已过期。'));
  });

  it('is off unless configured', async () => {
    expect(await phraseWithLlm(base, undefined)).toBe(base);
    const f = stubFetch({});
    expect(await phraseWithLlm(base, { endpoint: '', model: 'x', fetch: f as unknown as typeof fetch })).toBe(base);
    expect(f).not.toHaveBeenCalled();
  });

  it('keeps the answer as it was when the model fails, errs or says nothing', async () => {
    expect(
      await phraseWithLlm(base, config(stubFetch({ error: 'x' }, { status: 500 }) as unknown as typeof fetch)),
    ).toBe(base);
    expect(await phraseWithLlm(base, config(stubFetch({ choices: [] }) as unknown as typeof fetch))).toBe(base);
    expect(
      await phraseWithLlm(
        base,
        config(stubFetch({ choices: [{ message: { content: '  ' } }] }) as unknown as typeof fetch),
      ),
    ).toBe(base);
    const thrower = vi.fn(async () => {
      throw new Error('network down');
    });
    expect(await phraseWithLlm(base, config(thrower as unknown as typeof fetch))).toBe(base);
  });

  it('does not phrase 没有找到 or a region question (nothing to quote)', async () => {
    const f = stubFetch({ choices: [{ message: { content: '编的' } }] });
    const none = answerQuestion({ packs: PACKS, question: '食堂几点开饭', today: TODAY, regionPackId: 'jinzhai-2022' });
    const ask = answerQuestion({ packs: PACKS, question: '合同几天备案', today: TODAY });
    expect(await phraseWithLlm(none, config(f as unknown as typeof fetch))).toBe(none);
    expect(await phraseWithLlm(ask, config(f as unknown as typeof fetch))).toBe(ask);
    expect(f).not.toHaveBeenCalled();
  });
});
