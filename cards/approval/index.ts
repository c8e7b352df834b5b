/**
 * Approval cards (Card JSON 2.0): the card an approver acts on, its states after a decision, the
 * applicant's updates, the 进度 timeline, 转交, the finance record and escalation messages. Pure
 * functions from data to JSON. User text goes through `escapeMarkdown`; people are shown by name
 * when the caller knows it, else as a Lark mention `<at id=ou_…></at>` (Lark renders the name).
 * Every card fits Lark's 30 KB: long lists are cut with "另有 N 项", and a card still too large
 * is rebuilt with smaller budgets.
 */
export * from './inputs.js';
export { formatShanghaiTime } from './kit.js';
export { fundingText } from './sections.js';
export * from './approver.js';
export * from './result.js';
export * from './applicant.js';
export * from './progress.js';
export * from './delegate.js';
export * from './finance.js';
export * from './escalation.js';
