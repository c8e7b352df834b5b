export * from './common.js';
export * from './report.js';
export * from './report-parse.js';
export * from './deadlines.js';
export * from './reminders.js';
export * from './adjustment.js';
export * from './rectification.js';
export * from './timeline.js';
