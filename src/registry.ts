/**
 * Every handler, by the Lark event or card action it answers: the one module that imports them all
 * (bolt's listeners/index.ts). The app factory and the scheduler hand REGISTRY to the transports;
 * no transport, service or handler imports this module.
 */
import { defineActions, type EventHandler, type Registry } from './lark/dispatch.js';
import { onMessageReceive } from '../handlers/message-receive.js';
import { onHelpButton } from '../handlers/card-help.js';
import { onBotMenu } from '../handlers/bot-menu.js';
import { onDeclareStart } from '../handlers/declare-start.js';
import {
  onDeclareEdit,
  onDeclareKind,
  onDeclareSave,
  onDeclareStep,
  onDeclareSubmit,
  onDraftDelete,
  onDraftResume,
} from '../handlers/declaration-actions.js';
import { onMaterialAssign } from '../handlers/material-assign.js';
import { onProjectExport } from '../handlers/project-export.js';
import { APPROVAL_CARD_ACTIONS } from '../handlers/approval-actions.js';
import { APPROVAL_PROGRESS_ACTIONS } from '../handlers/approval-progress.js';
import { onQaFeedback, onQaProject, onQaRegion } from '../handlers/qa-actions.js';
import { LIFECYCLE_CARD_ACTIONS } from '../handlers/lifecycle-actions.js';
import { DEADLINE_CARD_ACTIONS } from '../handlers/deadline-actions.js';
import { RECT_CARD_ACTIONS } from '../handlers/rect-actions.js';
import { onBotAdded, onBotRemoved } from '../handlers/bot-membership.js';

/**
 * Lark event type → handler. The same table serves the Node server, the Workers entry and a long
 * connection: transports only decode and verify, then look up in the registry they are given.
 */
export const EVENT_HANDLERS: Readonly<Record<string, EventHandler>> = {
  'im.message.receive_v1': onMessageReceive,
  'application.bot.menu_v6': onBotMenu,
  'im.chat.member.bot.added_v1': onBotAdded,
  'im.chat.member.bot.deleted_v1': onBotRemoved,
};

/** Card button or form → handler, keyed by `action.value.action` set by the card builders. */
export const CARD_ACTIONS = defineActions(
  {
    'help.show': onHelpButton,
    'declare.start': onDeclareStart,
    'declare.kind': onDeclareKind,
    'declare.step': onDeclareStep,
    'declare.submit': onDeclareSubmit,
    'declare.edit': onDeclareEdit,
    'declare.save': onDeclareSave,
    'draft.resume': onDraftResume,
    'draft.delete': onDraftDelete,
    'material.assign': onMaterialAssign,
    'project.export': onProjectExport,
    'qa.feedback': onQaFeedback,
    'qa.region': onQaRegion,
    'qa.project': onQaProject,
  },
  APPROVAL_CARD_ACTIONS,
  APPROVAL_PROGRESS_ACTIONS,
  LIFECYCLE_CARD_ACTIONS,
  DEADLINE_CARD_ACTIONS,
  RECT_CARD_ACTIONS,
);

/** Event types Lark sends that the bot knowingly ignores (logged, acked, not stored as work). */
export const IGNORED_EVENTS: ReadonlySet<string> = new Set([
  'im.message.message_read_v1',
  'im.chat.access_event.bot_p2p_chat_entered_v1',
]);

/** The registry the app factory hands to every transport. */
export const REGISTRY: Registry = { events: EVENT_HANDLERS, cardActions: CARD_ACTIONS, ignoredEvents: IGNORED_EVENTS };
