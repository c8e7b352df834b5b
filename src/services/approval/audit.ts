/**
 * The audit trail of approvals: every decision, 转交, 催办 and escalation is a row of `audit_log`,
 * which the timeline card and the console read back.
 */
import { sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../../db/client.js';
import { auditLog } from '../../../db/schema/index.js';
import { subjectKey, type ApprovalSubject } from '../../approval/subject.js';

export async function audit(
  tx: DbOrTx,
  row: {
    projectId: number;
    actor: string;
    onBehalfOf?: string | null;
    action: string;
    detail?: Record<string, unknown>;
    messageId?: string | null;
    at: Date;
  },
): Promise<number> {
  const [inserted] = await (tx as Db)
    .insert(auditLog)
    .values({
      projectId: row.projectId,
      actorOpenId: row.actor,
      onBehalfOf: row.onBehalfOf ?? null,
      action: row.action,
      detail: row.detail ?? {},
      messageId: row.messageId ?? null,
      at: row.at,
    })
    .returning({ id: auditLog.id });
  return inserted!.id;
}

/** Audit rows of one subject's route (declaration rows predate subjects and carry none). */
export const auditOfSubject = (subject: ApprovalSubject) =>
  sql`coalesce(${auditLog.detail}->>'subject', 'declaration') = ${subjectKey(subject)}`;
