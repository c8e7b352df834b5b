import { z } from 'zod';

/**
 * Configuration, parsed once from the environment. A bad value stops start-up with one line that
 * names the variable (`ConfigError.message`).
 */

const emptyToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const optionalString = z.preprocess(emptyToUndefined, z.string().optional());

const EnvSchema = z.object({
  PORT: z.preprocess(emptyToUndefined, z.coerce.number().int().min(0).max(65535).default(3000)),
  DATABASE_URL: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
      .optional(),
  ),
  /** `off` behind a pooler that cannot keep prepared statements (PgBouncer before 1.21 in transaction mode). */
  DATABASE_PREPARED_STATEMENTS: z.preprocess(emptyToUndefined, z.enum(['on', 'off']).default('on')),
  DATA_DIR: z.preprocess(emptyToUndefined, z.string().default('.data')),
  LARK_APP_ID: optionalString,
  LARK_APP_SECRET: optionalString,
  LARK_VERIFICATION_TOKEN: optionalString,
  LARK_ENCRYPT_KEY: optionalString,
  LARK_BASE_URL: z.preprocess(emptyToUndefined, z.url().default('https://open.feishu.cn')),
  /** How events reach the bot: Lark calls POST /lark/events (webhook), or the bot dials out (ws, 长连接). */
  LARK_MODE: z.preprocess(emptyToUndefined, z.enum(['webhook', 'ws']).default('webhook')),
  /** Bearer token for GET /metrics (off unless set). */
  METRICS_TOKEN: optionalString,
  ORG_CONFIG: optionalString,
  /** An OpenAI-compatible chat endpoint to phrase answers (off unless set). */
  LLM_ENDPOINT: z.preprocess(emptyToUndefined, z.url().optional()),
  LLM_MODEL: optionalString,
  LLM_API_KEY: optionalString,
  /** Outbox dispatcher and scheduler loops; tests switch them off to drive them by hand. */
  BACKGROUND_LOOPS: z.preprocess(emptyToUndefined, z.enum(['on', 'off']).default('on')),
  /** Hour (Asia/Shanghai, 0–23) from which reminders, group digests and region notices go out on working days. */
  DIGEST_HOUR: z.preprocess(emptyToUndefined, z.coerce.number().int().min(0).max(23).default(9)),
  /** Working days after a due date before the escalation to the unit's leaders and the reviewer office. */
  ESCALATION_GRACE_DAYS: z.preprocess(emptyToUndefined, z.coerce.number().int().min(1).max(60).default(3)),
  /** Working days before a due date on which reminders go out, comma-separated. */
  REMINDER_LEAD_DAYS: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .regex(/^\s*\d{1,2}(\s*,\s*\d{1,2})*\s*$/, 'must be working days separated by commas, e.g. 7,3,1')
      .default('7,3,1'),
  ),
});

export type LarkMode = 'webhook' | 'ws';

export interface LarkConfig {
  appId: string;
  appSecret: string;
  /** Empty in ws mode when not set: the long connection is authenticated by the app secret, not this token. */
  verificationToken: string;
  /** Absent when the app does not encrypt events. */
  encryptKey?: string;
  baseUrl: string;
}

export interface Config {
  port: number;
  databaseUrl?: string;
  /** Prepare short statements once per Postgres connection (DATABASE_PREPARED_STATEMENTS). */
  preparedStatements: boolean;
  dataDir: string;
  /** Absent when no Feishu app is configured (the sandbox runs instead). */
  lark?: LarkConfig;
  /** webhook: POST /lark/events; ws: the long connection (Node only), and /lark/events answers 404. */
  larkMode: LarkMode;
  /** GET /metrics answers only with `Authorization: Bearer <metricsToken>`; absent: /metrics is off. */
  metricsToken?: string;
  larkBaseUrl: string;
  orgConfigPath?: string;
  /** Optional language model that phrases answers; it only ever sees the cited articles. */
  llm?: { endpoint: string; model: string; apiKey?: string };
  backgroundLoops: boolean;
  /** Reminders and digests after approval (DIGEST_HOUR, ESCALATION_GRACE_DAYS, REMINDER_LEAD_DAYS). */
  reminders: { digestHour: number; graceWorkingDays: number; leadDays: number[] };
  // --- sandbox (issue 8) ---
  /**
   * Set by src/sandbox/start.ts (never by the environment) when no Feishu app is configured: `lark`
   * then points at the built-in fake Lark, `/sandbox` is served and the console signs in with a picker.
   */
  sandbox?: boolean;
  // --- end sandbox ---
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

const REQUIRED_LARK = ['LARK_APP_ID', 'LARK_APP_SECRET', 'LARK_VERIFICATION_TOKEN'] as const;
/** The long connection needs no verification token: the connection itself is opened with the app secret. */
const REQUIRED_LARK_WS = ['LARK_APP_ID', 'LARK_APP_SECRET'] as const;
/** What the SDK's WSClient accepts (it only logs and stays idle otherwise). */
const WS_APP_ID = /^cli_[0-9a-fA-F]{16}$/;

export function loadConfig(env: Record<string, string | undefined>): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const name = String(issue.path[0] ?? 'environment');
    throw new ConfigError(`配置错误: ${name} ${issue.message} (got ${JSON.stringify(env[name] ?? null)})`);
  }
  const e = parsed.data;
  const ws = e.LARK_MODE === 'ws';
  const required = ws ? REQUIRED_LARK_WS : REQUIRED_LARK;
  const present = REQUIRED_LARK.filter((k) => e[k] !== undefined);
  const anyLark = present.length > 0 || e.LARK_ENCRYPT_KEY !== undefined;
  let lark: LarkConfig | undefined;
  if (ws && !anyLark) {
    throw new ConfigError('配置错误: LARK_MODE=ws needs a Feishu app: set LARK_APP_ID and LARK_APP_SECRET (the sandbox runs only in webhook mode)');
  }
  if (anyLark) {
    const missing = required.filter((k) => e[k] === undefined);
    if (missing.length > 0) {
      throw new ConfigError(
        ws
          ? `配置错误: ${missing[0]} is missing; LARK_MODE=ws needs LARK_APP_ID and LARK_APP_SECRET`
          : `配置错误: ${missing[0]} is missing; a Feishu app needs LARK_APP_ID, LARK_APP_SECRET and LARK_VERIFICATION_TOKEN together (set all, or none for the sandbox)`,
      );
    }
    if (ws && !WS_APP_ID.test(e.LARK_APP_ID!)) {
      throw new ConfigError(`配置错误: LARK_APP_ID must be cli_ followed by 16 hex digits for LARK_MODE=ws (got ${JSON.stringify(e.LARK_APP_ID)})`);
    }
    lark = {
      appId: e.LARK_APP_ID!,
      appSecret: e.LARK_APP_SECRET!,
      verificationToken: e.LARK_VERIFICATION_TOKEN ?? '',
      encryptKey: e.LARK_ENCRYPT_KEY,
      baseUrl: e.LARK_BASE_URL.replace(/\/+$/, ''),
    };
  }
  return {
    port: e.PORT,
    databaseUrl: e.DATABASE_URL,
    preparedStatements: e.DATABASE_PREPARED_STATEMENTS === 'on',
    dataDir: e.DATA_DIR,
    lark,
    larkMode: e.LARK_MODE,
    metricsToken: e.METRICS_TOKEN,
    larkBaseUrl: e.LARK_BASE_URL.replace(/\/+$/, ''),
    orgConfigPath: e.ORG_CONFIG,
    llm: e.LLM_ENDPOINT ? { endpoint: e.LLM_ENDPOINT, model: e.LLM_MODEL ?? 'default', apiKey: e.LLM_API_KEY } : undefined,
    backgroundLoops: e.BACKGROUND_LOOPS === 'on',
    reminders: {
      digestHour: e.DIGEST_HOUR,
      graceWorkingDays: e.ESCALATION_GRACE_DAYS,
      leadDays: [...new Set(e.REMINDER_LEAD_DAYS.split(',').map((n) => Number(n.trim())).filter((n) => n > 0))],
    },
  };
}
