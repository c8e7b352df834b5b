/**
 * The approval service: routes of declarations and change requests through the region's offices.
 * Its parts: the route store (routes.ts), starting a route (start.ts), deciding (decide.ts),
 * handing a task on (transfer.ts), 催办 and escalation (urge.ts), the progress view
 * (progress.ts), and the directory's authority over tasks (authority.ts, reassign.ts). Callers
 * outside this folder import from here.
 */
export { awayCommand, progressCommand, urgeCommand } from './commands.js';
export { decideTask, type DecisionOutcome, type DecisionRequest } from './decide.js';
export { sendProgress, sendTaskDetails } from './progress.js';
export { reassignDepartedTasks } from './reassign.js';
export { startApproval, startChangeApproval, type ChangeApprovalStart } from './start.js';
export { setAway, transferChoices, transferTask } from './transfer.js';
export { escalateOverdueApprovals, urgeProject, type UrgeOutcome } from './urge.js';
