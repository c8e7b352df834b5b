/** Answer cards: the answer with its quoted articles and 👍/👎, and the cards that ask which region or which project. */
import type { Answer } from '../src/answer/types.js';
import { escapeMarkdown } from './markdown.js';

/** Lark's limit is 30 KB; stay clear of it. */
const MAX_CARD_BYTES = 28 * 1024;
const MAX_LINES = 60;
const MAX_QUESTION = 200;
/** A callback value carries the question back; keep it small. */
const MAX_QUESTION_IN_VALUE = 500;

function clip(s: string, n: number): string {
  return s.length <= n ? s : `${s.slice(0, n - 1)}…`;
}

function bytes(card: object): number {
  return new TextEncoder().encode(JSON.stringify(card)).length;
}

function button(text: string, value: Record<string, unknown>, type: 'default' | 'primary' = 'default'): object {
  return {
    tag: 'button',
    text: { tag: 'plain_text', content: clip(text, 100) },
    type,
    behaviors: [{ type: 'callback', value }],
  };
}

function template(answer: Answer): string {
  if (answer.kind === 'none') return 'grey';
  if (answer.validityNote) return 'orange';
  return answer.kind === 'project' ? 'green' : 'blue';
}

/**
 * The answer card: the question, the answer's lines, the quoted articles (《title》第X条：“quote”),
 * then the validity note when the document is not plainly in force, and 👍/👎 feedback buttons
 * (`{ action: 'qa.feedback', vote, token }`). Every text is escaped. An ask_region answer becomes
 * the region choice card. Card JSON 2.0.
 */
export function answerCard(answer: Answer, o: { feedbackToken: string }): object {
  if (answer.kind === 'ask_region') return regionChoiceCard(answer.question ?? '', answer.choices ?? []);

  const build = (citationCount: number, lineCount: number): object => {
    const elements: object[] = [];
    if (answer.question) {
      elements.push({
        tag: 'markdown',
        content: `问：${escapeMarkdown(clip(answer.question, MAX_QUESTION))}`,
        text_size: 'notation',
      });
    }
    const lines = answer.lines.slice(0, lineCount).map((l) => escapeMarkdown(l));
    if (answer.lines.length > lineCount) lines.push('……');
    if (lines.length) elements.push({ tag: 'markdown', content: lines.join('\n') });
    if (answer.phrasedBy) {
      elements.push({
        tag: 'markdown',
        content: '以上由语言模型根据下列条文整理，以条文原文为准。',
        text_size: 'notation',
      });
    }
    const cites = answer.citations.slice(0, citationCount);
    if (cites.length) {
      elements.push({ tag: 'hr' });
      elements.push({
        tag: 'markdown',
        content: ['**依据**', ...cites.map((c) => escapeMarkdown(c.text))].join('\n'),
        text_size: 'notation',
      });
    }
    // The document's validity (试行已过期, 征求意见稿) qualifies the articles: it follows them.
    if (answer.validityNote) {
      elements.push({
        tag: 'markdown',
        content: `<font color='orange'>⚠️ ${escapeMarkdown(answer.validityNote)}</font>`,
      });
    }
    {
      elements.push({
        tag: 'column_set',
        flex_mode: 'none',
        columns: [
          {
            tag: 'column',
            width: 'auto',
            elements: [button('👍 有用', { action: 'qa.feedback', vote: 'up', token: o.feedbackToken })],
          },
          {
            tag: 'column',
            width: 'auto',
            elements: [button('👎 没用', { action: 'qa.feedback', vote: 'down', token: o.feedbackToken })],
          },
        ],
      });
    }
    return {
      schema: '2.0',
      config: { update_multi: true },
      header: { title: { tag: 'plain_text', content: clip(answer.title, 100) }, template: template(answer) },
      body: { elements },
    };
  };

  let citations = answer.citations.length;
  let lines = Math.min(answer.lines.length, MAX_LINES);
  let card = build(citations, lines);
  while (bytes(card) > MAX_CARD_BYTES && (citations > 1 || lines > 5)) {
    if (citations > 1) citations--;
    else lines = Math.max(5, Math.floor(lines / 2));
    card = build(citations, lines);
  }
  return card;
}

/** A card that repeats the question, says what to choose, and offers one button per choice. */
function choiceCard(question: string, prompt: string, title: string, buttons: readonly object[]): object {
  return {
    schema: '2.0',
    config: { update_multi: true },
    header: { title: { tag: 'plain_text', content: title }, template: 'blue' },
    body: {
      elements: [
        { tag: 'markdown', content: `您的问题：“${escapeMarkdown(clip(question, MAX_QUESTION))}”\n${prompt}` },
        ...buttons,
      ],
    },
  };
}

/** Which region's measures to answer by: one button per region (`{ action: 'qa.region', packId, question }`). */
export function regionChoiceCard(question: string, choices: readonly { packId: string; name: string }[]): object {
  return choiceCard(
    question,
    '回答要依据所在地区的管理办法，请选择地区：',
    '请选择地区',
    choices.map((c) =>
      button(
        c.name,
        { action: 'qa.region', packId: c.packId, question: clip(question, MAX_QUESTION_IN_VALUE) },
        'primary',
      ),
    ),
  );
}

/**
 * Which of the unit's projects a question about "our project" means: one button per project
 * (`{ action: 'qa.project', number, question }`), and how to name one in the question instead.
 */
export function projectChoiceCard(question: string, choices: readonly { number: string; name: string }[]): object {
  return choiceCard(
    question,
    `本单位有${choices.length}个项目，请选择问的是哪一个（也可以在问题里写上项目编号，例如“${escapeMarkdown(choices[0]?.number ?? '')} 还差什么”）：`,
    '请选择项目',
    choices.map((c) =>
      button(
        `${c.number} ${clip(c.name, 40)}`,
        { action: 'qa.project', number: c.number, question: clip(question, MAX_QUESTION_IN_VALUE) },
        'primary',
      ),
    ),
  );
}

/** What answers a question: the answer (with its feedback token once recorded), or the unit's projects to choose from. */
export type AnswerReply =
  | { question: string; answer: Answer; feedbackToken: string | null }
  | { question: string; choose: readonly { number: string; name: string }[] };

/** The card of a reply: an answer that asks for the region is never recorded, so it has no feedback token. */
export function answerReplyCard(reply: AnswerReply): object {
  if ('choose' in reply) return projectChoiceCard(reply.question, reply.choose);
  if (reply.feedbackToken === null) return regionChoiceCard(reply.question, reply.answer.choices ?? []);
  return answerCard(reply.answer, { feedbackToken: reply.feedbackToken });
}
