// The Card JSON 2.0 validator moved to src/sandbox/card-schema.ts (the sandbox's fake Lark enforces
// it); tests keep importing it from here.
export * from '../../src/sandbox/card-schema.js';
