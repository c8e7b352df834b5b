// The Card JSON 2.0 validator moved to cards/card-schema.ts (the sandbox's fake Lark enforces
// it); tests keep importing it from here.
export * from '../../cards/card-schema.js';
