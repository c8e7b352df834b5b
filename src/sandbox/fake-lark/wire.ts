/**
 * How the fake Lark answers: a reply (JSON or raw bytes), Lark's error shape with its numeric
 * code and log id, and the checks of a request's body and bearer token every endpoint shares.
 */
import { randomBytes } from 'node:crypto';

export interface Reply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
  /** Bytes sent as they are (a resource download) instead of `body` as JSON. */
  raw?: { data: Uint8Array; contentType: string };
}

/** Thrown by an endpoint; the server answers it as Lark does: `{code, msg, error: {log_id}}`. */
export class LarkError {
  constructor(
    readonly status: number,
    readonly code: number,
    readonly msg: string,
    readonly headers: Record<string, string> = {},
  ) {}
}

export const invalidParam = (ext: string) =>
  new LarkError(400, 230001, `Your request contains an invalid request parameter, ext=${ext}.`);
export const fieldValidation = (field: string, description: string) =>
  Object.assign(new LarkError(400, 99992402, 'field validation failed'), { violation: { field, description } });

export const hex = (n: number) => randomBytes(n).toString('hex');
export const logId = () => new Date().toISOString().replace(/\D/g, '').slice(0, 14) + hex(8).toUpperCase();

/** The reply Lark gives for `e`, with the field that failed validation when there is one. */
export function errorReply(e: LarkError): Reply {
  const violation = (e as LarkError & { violation?: unknown }).violation;
  return {
    status: e.status,
    headers: e.headers,
    body: {
      code: e.code,
      msg: e.msg,
      error: { log_id: logId(), ...(violation ? { field_violations: [violation] } : {}) },
    },
  };
}

/** A JSON object body, or Lark's 9499 Bad Request. */
export function asObj(b: unknown): Record<string, unknown> {
  if (typeof b !== 'object' || b === null || Array.isArray(b)) throw new LarkError(400, 9499, 'Bad Request');
  return b as Record<string, unknown>;
}

/** The token of `Authorization: Bearer <token>`, or Lark's 99991661 when there is none. */
export function bearerToken(authorization: string | undefined): string {
  const m = typeof authorization === 'string' ? /^Bearer\s+(\S+)$/.exec(authorization.trim()) : null;
  if (!m)
    throw new LarkError(
      400,
      99991661,
      'Missing access token for authorization. Please make a request with token attached.',
    );
  return m[1]!;
}

/** Lark's success: HTTP 200, `{code: 0, msg: 'success', data}`. */
export function success(data: unknown): Reply {
  return { status: 200, body: { code: 0, msg: 'success', data } };
}
