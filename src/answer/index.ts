/**
 * Question answering: `answerQuestion` (pure, synchronous) and the optional language-model
 * phrasing `phraseWithLlm`. See answer.ts for how an answer is found.
 */
export { answerQuestion, asksAboutOwnProject, classifyIntents, prepareAnswering } from './answer.js';
export { answerText } from './render.js';
export { phraseWithLlm, type LlmConfig } from './llm.js';
export { regionAliases, detectRegion } from './region.js';
export type { Answer, AnswerInput, AnswerKind, Citation, ListedMaterial, ProjectSnapshot } from './types.js';
