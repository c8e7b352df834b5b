/** The help card for a person: the command table's entries filtered by the roles the directory gives them. */
import { helpCard, type HelpAudience, type HelpEntry } from '../../cards/help.js';
import type { AppContext } from '../context.js';
import type { IncomingText } from '../lark/messages.js';
import { lookupPerson, type Person } from '../org/store.js';
import { enqueue } from '../outbox/outbox.js';
import { LRUCache } from 'lru-cache';

/**
 * What the help card tells besides the commands: ways to use the bot that are no command (a
 * question needs no command word: whatever matches no command is answered from the rule packs).
 * Each goes on the card after the command named by `after`.
 */
export const HELP_ONLY_ENTRIES: readonly (HelpEntry & { after: string })[] = [
  {
    after: '帮助',
    command: '直接提问',
    summary: '如“终验需要什么材料”“合同签了几天内要备案”“我们的项目终验还差什么”，按本地区办法回答并注明条款',
    for: ['everyone'],
  },
];

/** The audiences a person of the directory belongs to (see `HelpAudience`). */
export function audiencesOf(person: Person): ReadonlySet<HelpAudience> {
  const out = new Set<HelpAudience>(['everyone']);
  if (person.units.length > 0) out.add('unit');
  if (person.units.some((u) => u.position === 'leader')) out.add('unit_leader');
  if (person.offices.length > 0) out.add('official');
  if (person.offices.some((o) => o.role === 'reviewer')) out.add('reviewer');
  if (person.isAdmin) out.add('admin');
  if (out.size === 1) out.add('newcomer');
  return out;
}

/**
 * The help card's entries: the commands of `commands` (the command table, passed in so that this
 * service does not import the table that imports it), in order, with the help-only entries in their
 * places; given a person, only those for one of their roles (a reviewer sees no 申报, a unit member
 * no 整改).
 */
export function helpEntries(commands: readonly HelpEntry[], person?: Person): HelpEntry[] {
  return entriesFor(commands, person ? audiencesOf(person) : null);
}

function entriesFor(commands: readonly HelpEntry[], audiences: ReadonlySet<HelpAudience> | null): HelpEntry[] {
  const out: HelpEntry[] = [];
  for (const { command, summary, button, for: audience } of commands) {
    out.push({ command, summary, for: audience, ...(button ? { button } : {}) });
    for (const { after, ...entry } of HELP_ONLY_ENTRIES) if (after === command) out.push(entry);
  }
  return audiences ? out.filter((e) => e.for.some((a) => audiences.has(a))) : out;
}

/**
 * A person's audiences, kept a minute per app (its config: a transaction's context shares it, where
 * its database handle is new each time): the help card is tapped often and only informs
 * (every command checks the person's roles again when it runs), so it need not read the directory
 * on each tap.
 */
const AUDIENCES_TTL_MS = 60_000;
const audienceCaches = new WeakMap<object, LRUCache<string, ReadonlySet<HelpAudience>>>();

async function audiencesFor(ctx: AppContext, openId: string): Promise<ReadonlySet<HelpAudience>> {
  let cache = audienceCaches.get(ctx.config);
  if (!cache) {
    cache = new LRUCache({ max: 10_000, ttl: AUDIENCES_TTL_MS });
    audienceCaches.set(ctx.config, cache);
  }
  let audiences = cache.get(openId);
  if (!audiences) {
    audiences = audiencesOf(await lookupPerson(ctx.db, openId));
    cache.set(openId, audiences);
  }
  return audiences;
}

/** The help entries for the person with `openId`, as the directory had them at most a minute ago. */
export async function helpFor(ctx: AppContext, openId: string, commands: readonly HelpEntry[]): Promise<HelpEntry[]> {
  return entriesFor(commands, await audiencesFor(ctx, openId));
}

/** Answers with the help card of the sender's commands; `unrecognised` is the text the bot did not understand. */
export async function replyWithHelp(
  ctx: AppContext,
  msg: IncomingText,
  commands: readonly HelpEntry[],
  unrecognised?: string,
): Promise<void> {
  const entries = await helpFor(ctx, msg.senderOpenId, commands);
  await enqueue(ctx.db, {
    kind: 'reply',
    messageId: msg.messageId,
    queue: `chat_id:${msg.chatId}`,
    msgType: 'interactive',
    content: helpCard({ entries, unrecognised }),
  });
  ctx.notifyOutbox();
}
