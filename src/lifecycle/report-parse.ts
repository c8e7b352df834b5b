/**
 * Reading a unit's report in free text: `合同已签订 2026-03-02`, `初验完成`, `终验通过 3月2日`.
 * `parseLifecycleCommand` recognises the pack's events and stages (verbs, synonyms, fuzzy match of
 * the phrase) and the date; questions and statements of rules are not reports. Pure: `today` is
 * passed in. The report is then checked by `checkReport` (report.ts).
 */
import { addDuration, parseLocalDate } from '../calendar.js';
import type { LifecycleEvent, LocalDate, RulePack } from '../rules/types.js';

export type ParsedLifecycleCommand = { event: LifecycleEvent; date: LocalDate } | { error: string } | null;

/** Verbs of reports, each variant → its canonical verb. Longer variants are matched first. */
const VERBS: ReadonlyArray<readonly [string, string]> = (
  [
    ['签订', '签订'],
    ['签署', '签订'],
    ['签约', '签订'],
    ['签定', '签订'],
    ['完成', '完成'],
    ['结束', '完成'],
    ['办结', '完成'],
    ['做完', '完成'],
    ['通过', '通过'],
    ['合格', '通过'],
    ['确认', '通过'],
    ['开始', '开始'],
    ['启动', '开始'],
    ['进入', '开始'],
    ['提交', '提交'],
    ['报送', '提交'],
    ['上报', '提交'],
    ['递交', '提交'],
    ['备案', '备案'],
    ['下达', '下达'],
    ['拨付', '下达'],
    ['列入', '列入'],
    ['纳入', '列入'],
    ['投入', '开始'],
    ['形成', '完成'],
    ['安排', '下达'],
    ['告知', '提交'],
  ] as const
)
  .slice()
  .sort((a, b) => b[0].length - a[0].length);

/** Phrasings that mean the same, applied to the text and to the pack's phrases alike. */
const REWRITES: ReadonlyArray<readonly [RegExp, string]> = [
  [/完成项目建设/g, '项目建设完成'],
  [/完成建设|建设完工|建成|完工/g, '建设完成'],
  [/建设建设/g, '建设'],
];

/** Filler words dropped before matching (on both sides). */
const FILLER = /已经|已|了|于|在/g;

/**
 * Words used interchangeably in every region, on top of the pack's own `synonyms` (plain
 * vocabulary, no rule: 终验 and 竣工验收 name the same act in all four texts).
 */
const GENERIC_SYNONYMS: readonly (readonly string[])[] = [
  ['终验', '竣工验收'],
  ['投入运行', '投入使用', '上线运行', '正式上线'],
  ['试运行', '试运营'],
];

/**
 * A message that asks rather than reports: a question mark or particle, an interrogative word
 * (“终验需要什么材料”, “合同签订后多久备案”, “谁组织初验”, “合同签了几天内要备案”).
 */
const QUESTION = /[?？]|吗|呢|吧|什么|怎|如何|哪|谁|几|多少|多久|多长|何时|什么时候|是否|能否|可否|可以/;
/**
 * A message that states a rule rather than reports a fact: words of obligation (须, 需要, 应当 but
 * not 应用), a time limit (期限, 规定, 10个工作日内, 6个月内, 之后), or one act following another
 * (“合同签订后10个工作日内备案”, “签订合同后报项目主管部门备案”).
 */
const RULE_TALK =
  /要|须|需|应(?!用)|该(?!项目)|规定|期限|时限|之内|以内|[天日月年]内|个工作日|之后|以后|后\d|后(?:报|向|再|方可|才|即)/;
/** A message that says something has not happened. */
const NEGATED = /未|没|尚无|不/;
/** Longer than this, a message is not a report (reports are a phrase, a date and perhaps a number). */
const MAX_REPORT_CHARS = 60;

interface Phrase {
  event: LifecycleEvent;
  core: string;
  verbs: Set<string>;
}

function normalize(s: string): string {
  let t = s
    .normalize('NFKC')
    .replace(/[\s\p{P}\p{S}]/gu, '')
    .replace(FILLER, '');
  for (const [re, to] of REWRITES) t = t.replace(re, to);
  return t;
}

function splitVerbs(normalized: string): { core: string; verbs: Set<string> } {
  let core = normalized;
  const verbs = new Set<string>();
  for (const [variant, canonical] of VERBS) {
    if (core.includes(variant)) {
      verbs.add(canonical);
      core = core.split(variant).join('');
    }
  }
  return { core, verbs };
}

function variants(phrase: string, groups: readonly (readonly string[])[]): string[] {
  const out = new Set([phrase]);
  for (const group of groups) {
    for (const member of group) {
      if (!phrase.includes(member)) continue;
      for (const other of group) if (other !== member) out.add(phrase.split(member).join(other));
    }
  }
  return [...out];
}

function phrasesOf(pack: RulePack): Phrase[] {
  const groups = [...(pack.synonyms ?? []), ...GENERIC_SYNONYMS];
  const out: Phrase[] = [];
  for (const event of pack.events) {
    const raw = [event.label, ...pack.stages.filter((s) => s.completedBy === event.id).map((s) => s.name)];
    for (const r of raw) {
      for (const v of variants(r, groups)) {
        const { core, verbs } = splitVerbs(normalize(v));
        if (core.length > 0) out.push({ event, core, verbs });
      }
    }
  }
  return out;
}

function charBigrams(s: string): string[] {
  const c = [...s];
  const out: string[] = [];
  for (let i = 0; i + 1 < c.length; i++) out.push(c[i]! + c[i + 1]!);
  return out;
}

function dice(a: string, b: string): number {
  const x = new Set(charBigrams(a));
  const y = new Set(charBigrams(b));
  if (x.size + y.size === 0) return a === b ? 1 : 0;
  let shared = 0;
  for (const g of x) if (y.has(g)) shared++;
  return (2 * shared) / (x.size + y.size);
}

/** [match class, verb agreement, similarity]; class 0 = no match. Compared lexicographically. */
type Score = [number, number, number];

function score(text: { core: string; verbs: Set<string> }, p: Phrase): Score {
  let cls = 0;
  if (text.core === p.core) cls = 3;
  else if (text.core.includes(p.core) && p.core.length >= 2) cls = 2;
  else if (p.core.includes(text.core) && text.core.length >= 2) cls = 1;
  else if (text.core.length >= 2 && dice(text.core, p.core) >= 0.5) cls = 0.5;
  if (cls === 0) return [0, 0, 0];
  let verb = 0;
  if (text.verbs.size > 0 && p.verbs.size > 0) verb = [...text.verbs].some((v) => p.verbs.has(v)) ? 1 : -1;
  return [cls, verb, dice(text.core, p.core)];
}

function compare(a: Score, b: Score): number {
  for (let i = 0; i < 3; i++) if (Math.abs(a[i]! - b[i]!) > 1e-9) return a[i]! - b[i]!;
  return 0;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** Finds the dates in a message; returns them and the text without them. */
function extractDates(text: string, today: LocalDate): { dates: LocalDate[]; invalid: string[]; rest: string } {
  const dates: LocalDate[] = [];
  const invalid: string[] = [];
  const year = Number(today.slice(0, 4));
  const push = (raw: string, y: number, m: number, d: number) => {
    const iso = `${y}-${pad(m)}-${pad(d)}`;
    try {
      dates.push(parseLocalDate(iso));
    } catch {
      invalid.push(raw);
    }
  };
  let rest = text.replace(
    /(\d{4})\s*(?:[-/.]|年)\s*(\d{1,2})\s*(?:[-/.]|月)\s*(\d{1,2})\s*(?:日|号)?/g,
    (raw, y, m, d) => {
      push(raw, Number(y), Number(m), Number(d));
      return ' ';
    },
  );
  rest = rest.replace(/(\d{1,2})\s*月\s*(\d{1,2})\s*(?:日|号)?/g, (raw, m, d) => {
    push(raw, year, Number(m), Number(d));
    return ' ';
  });
  rest = rest.replace(/今天|今日/g, () => {
    dates.push(today);
    return ' ';
  });
  rest = rest.replace(/昨天|昨日/g, () => {
    dates.push(addDuration(today, { amount: -1, unit: 'days' }).date);
    return ' ';
  });
  rest = rest.replace(/前天/g, () => {
    dates.push(addDuration(today, { amount: -2, unit: 'days' }).date);
    return ' ';
  });
  return { dates, invalid, rest };
}

/**
 * Recognises a lifecycle report in a message: one of the pack's events (by its label or by the
 * name of the stage it completes, with the pack's synonyms and common verbs: 已签订, 完成,
 * 通过, 开始 …) and at most one date (2026-03-02, 2026/3/2, 2026年3月2日, 3月2日 in the year
 * of `today`, 今天, 昨天, 前天; no date means today).
 *
 * Returns null when the message is not a report (no event named, a question, a statement of a
 * rule, a negation, longer than a report, or neither a verb nor a date), `{ error }` when it is
 * one but cannot be used (an impossible date, two dates, a phrase that fits two events equally).
 */
export function parseLifecycleCommand(pack: RulePack, text: string, today: LocalDate): ParsedLifecycleCommand {
  const raw = text.normalize('NFKC').replace(/@\S+/g, ' ').trim();
  if (raw === '' || [...raw].length > MAX_REPORT_CHARS || QUESTION.test(raw)) return null;
  const { dates, invalid, rest } = extractDates(raw, parseLocalDate(today));
  if (RULE_TALK.test(rest) || NEGATED.test(rest)) return null;
  const t = splitVerbs(normalize(rest));
  if (t.core.length === 0) return null;

  let best: { score: Score; events: Map<string, LifecycleEvent> } | null = null;
  for (const p of phrasesOf(pack)) {
    const s = score(t, p);
    if (s[0] === 0) continue;
    const c = best ? compare(s, best.score) : 1;
    if (c > 0) best = { score: s, events: new Map([[p.event.id, p.event]]) };
    else if (c === 0) best!.events.set(p.event.id, p.event);
  }
  if (!best) return null;
  // A bare name (“初验”) is a question or a topic, not a report: a report has a verb or a date.
  if (t.verbs.size === 0 && dates.length === 0 && invalid.length === 0) return null;

  if (best.events.size > 1) {
    const names = [...best.events.values()].map((e) => `“${e.label}”`).join('、');
    return {
      error: `无法确定报告的是哪一项：${names}，请写明其中之一，例如“${[...best.events.values()][0]!.label} ${today}”`,
    };
  }
  const event = [...best.events.values()][0]!;
  if (invalid.length > 0) return { error: `日期“${invalid[0]!.trim()}”无效，请写成 2026-03-02 或 2026年3月2日` };
  const distinct = [...new Set(dates)];
  if (distinct.length > 1) return { error: `一次只能报告一个日期（收到 ${distinct.join('、')}）` };
  return { event, date: distinct[0] ?? today };
}
