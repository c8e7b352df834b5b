// The database schema, one file per area; drizzle-kit and the client read them all from here.
export * from './core.js';
export * from './org.js';
export * from './projects.js';
export * from './approvals.js';
export * from './lifecycle.js';
export * from './qa.js';
export * from './console.js';
