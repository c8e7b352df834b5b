/**
 * The one retry inside a Lark call: when Lark answers that the tenant_access_token is no good
 * (expired or revoked before its time), the cached token is dropped and the call runs once more
 * with a fresh one. The SDK calls of messenger.ts and the plain-fetch download share it.
 */
import type { LarkResult } from './messages.js';

/** Codes that mean "your tenant_access_token is no good": refresh once and retry. */
export const TOKEN_CODES: ReadonlySet<number> = new Set([99991663, 99991661]);

type Failure = Extract<LarkResult, { ok: false }>;

const rejectsToken = (r: LarkResult<object>): r is Failure => !r.ok && r.code !== undefined && TOKEN_CODES.has(r.code);

/** Runs `attempt`; on a bad-token answer drops the token and runs it once more (not retryable after that). */
export async function withTokenRefresh<T extends object>(
  attempt: () => Promise<LarkResult<T>>,
  dropToken: () => void,
): Promise<LarkResult<T>> {
  const first = await attempt();
  if (!rejectsToken(first)) return first;
  dropToken();
  const second = await attempt();
  if (!rejectsToken(second)) return second;
  dropToken();
  return {
    ...second,
    retryable: false,
    message: `tenant_access_token rejected even after a refresh: ${second.message}`,
  };
}
