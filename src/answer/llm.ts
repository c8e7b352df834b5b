/**
 * Optional phrasing of an answer by a language model behind an OpenAI-compatible chat endpoint
 * (`POST {endpoint}/chat/completions`). The model sees only the question, the answer's lines and the
 * quoted articles it cites, never anything else; the answer keeps its citations, which the card and
 * `answerText` always show after the model's words. Off unless configured; on any failure the
 * answer comes back unchanged. `fetch` is passed in (tests pass a stub).
 */
import type { Answer } from './types.js';

export interface LlmConfig {
  /** Base URL (`https://api.example.com/v1`) or the full `/chat/completions` URL. */
  endpoint: string;
  apiKey?: string;
  model: string;
  fetch?: typeof fetch;
  /** Default 15 s. */
  timeoutMs?: number;
}

export const LLM_SYSTEM_PROMPT =
  '你是政务信息化项目助手，回答基层单位关于政务信息化项目管理办法的问题。只能依据用户消息中给出的条文和答案要点回答，' +
  '不得补充条文以外的规定、数字或期限；条文没有规定的，直接说明办法没有规定。用简洁、口语化的中文回答，不超过200字，' +
  '不要编造条款编号，不要重复罗列引用原文（系统会在回答后附上条文）。';

function chatUrl(endpoint: string): string {
  const e = endpoint.replace(/\/+$/, '');
  return /\/chat\/completions$/.test(e) ? e : `${e}/chat/completions`;
}

/** The user message the model sees: the question, the answer's points and the cited articles. */
export function llmPrompt(answer: Answer): string {
  const parts = [`问题：${answer.question ?? answer.title}`, '', '答案要点：', ...answer.lines];
  if (answer.validityNote) parts.push(`效力提示：${answer.validityNote}`);
  parts.push('', '依据的条文：', ...answer.citations.map((c) => c.text));
  return parts.join('\n');
}

export async function phraseWithLlm(answer: Answer, config: LlmConfig | undefined): Promise<Answer> {
  if (!config || !config.endpoint || !config.model) return answer;
  if (answer.kind === 'none' || answer.kind === 'ask_region' || answer.citations.length === 0) return answer;
  const doFetch = config.fetch ?? globalThis.fetch;
  try {
    const res = await doFetch(chatUrl(config.endpoint), {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(config.apiKey ? { authorization: `Bearer ${config.apiKey}` } : {}),
      },
      body: JSON.stringify({
        model: config.model,
        temperature: 0.2,
        messages: [
          { role: 'system', content: LLM_SYSTEM_PROMPT },
          { role: 'user', content: llmPrompt(answer) },
        ],
      }),
      signal: AbortSignal.timeout(config.timeoutMs ?? 15_000),
    });
    if (!res.ok) return answer;
    const json = (await res.json()) as { choices?: { message?: { content?: unknown } }[] };
    const content = json.choices?.[0]?.message?.content;
    if (typeof content !== 'string' || content.trim() === '') return answer;
    const lines = content
      .split(/\n+/)
      .map((l) => l.trim())
      .filter((l) => l.length > 0);
    return { ...answer, lines, citations: answer.citations, phrasedBy: config.model };
  } catch {
    return answer;
  }
}
