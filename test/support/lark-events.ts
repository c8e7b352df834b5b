// The builders of Lark-shaped events moved to src/sandbox/lark-events.ts (the sandbox drives the bot
// with them); tests keep importing them from here.
export * from '../../src/sandbox/lark-events.js';
