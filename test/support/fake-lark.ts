// The fake Lark Open API moved to src/sandbox/fake-lark/ (the sandbox runs it in `npm start`);
// tests keep importing it from here.
export * from '../../src/sandbox/fake-lark/index.js';
