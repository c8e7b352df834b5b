/**
 * Configuration, parsed once from the environment. A bad value stops start-up with one line that
 * names the variable (`ConfigError.message`).
 */
import { z } from 'zod';
import { redact } from './redact.js';

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
  /** `on`: accept a Feishu app without LARK_ENCRYPT_KEY (events guarded by the Verification Token alone). */
  LARK_ALLOW_UNENCRYPTED: z.preprocess(emptyToUndefined, z.enum(['on', 'off']).default('off')),
  /** `on`: run the sandbox (fake Lark, sign-in as anyone) even though ORG_CONFIG or DATABASE_URL is set. */
  SANDBOX: z.preprocess(emptyToUndefined, z.enum(['on', 'off']).optional()),
  /** The interface to listen on (default 127.0.0.1 in the sandbox, every interface otherwise). */
  HOST: optionalString,
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
  /** Where kept materials go: a directory under DATA_DIR, an S3-compatible bucket, or (Workers only) an R2 binding. */
  MATERIALS_STORAGE: z.preprocess(emptyToUndefined, z.enum(['dir', 's3', 'r2']).default('dir')),
  /** Largest material accepted, in MiB (Lark serves message resources up to 100 MB). */
  MATERIALS_MAX_MB: z.preprocess(emptyToUndefined, z.coerce.number().int().min(1).max(100).default(50)),
  S3_ENDPOINT: z.preprocess(emptyToUndefined, z.url().optional()),
  S3_BUCKET: optionalString,
  S3_REGION: z.preprocess(emptyToUndefined, z.string().default('auto')),
  S3_ACCESS_KEY_ID: optionalString,
  S3_SECRET_ACCESS_KEY: optionalString,
  /** Prepended to every object key, e.g. `zhengwu/`. */
  S3_PREFIX: z.preprocess(emptyToUndefined, z.string().default('')),
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

export interface S3Config {
  endpoint: string;
  bucket: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  prefix: string;
}

/** Where materials sent to the bot are kept (MATERIALS_STORAGE and its settings). */
export interface MaterialsConfig {
  storage: 'dir' | 's3' | 'r2';
  maxBytes: number;
  /** The directory of `dir` storage: DATA_DIR/materials. */
  dir: string;
  s3?: S3Config;
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
  materials: MaterialsConfig;
  /** The interface to listen on: HOST, else 127.0.0.1 in the sandbox and 0.0.0.0 with a Feishu app. */
  host?: string;
  /** Without a Feishu app: whether the sandbox may run (a demo: no ORG_CONFIG nor DATABASE_URL, or SANDBOX=on). */
  sandboxAllowed: boolean;
  /** The app runs without LARK_ENCRYPT_KEY because LARK_ALLOW_UNENCRYPTED=on: warned about at every start. */
  unencrypted: boolean;
  /** Reminders and digests after approval (DIGEST_HOUR, ESCALATION_GRACE_DAYS, REMINDER_LEAD_DAYS). */
  reminders: { digestHour: number; graceWorkingDays: number; leadDays: number[] };
  /**
   * Set by src/sandbox/start.ts (never by the environment) when no Feishu app is configured: `lark`
   * then points at the built-in fake Lark, `/sandbox` is served and the console signs in with a picker.
   */
  sandbox?: boolean;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

const REQUIRED_LARK = ['LARK_APP_ID', 'LARK_APP_SECRET', 'LARK_VERIFICATION_TOKEN'] as const;
const REQUIRED_S3 = ['S3_ENDPOINT', 'S3_BUCKET', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY'] as const;

function materialsConfig(e: z.infer<typeof EnvSchema>): MaterialsConfig {
  const base = {
    storage: e.MATERIALS_STORAGE,
    maxBytes: e.MATERIALS_MAX_MB * 1024 * 1024,
    dir: `${e.DATA_DIR.replace(/\/+$/, '')}/materials`,
  };
  if (e.MATERIALS_STORAGE !== 's3') return base;
  const missing = REQUIRED_S3.filter((k) => e[k] === undefined);
  if (missing.length > 0)
    throw new ConfigError(`配置错误: ${missing[0]} is missing; MATERIALS_STORAGE=s3 needs ${REQUIRED_S3.join(', ')}`);
  return {
    ...base,
    s3: {
      endpoint: e.S3_ENDPOINT!.replace(/\/+$/, ''),
      bucket: e.S3_BUCKET!,
      region: e.S3_REGION,
      accessKeyId: e.S3_ACCESS_KEY_ID!,
      secretAccessKey: e.S3_SECRET_ACCESS_KEY!,
      prefix: e.S3_PREFIX,
    },
  };
}

/** Variables whose values are secrets: never echoed in an error (src/redact.ts hides them in logs). */
const SECRET_VARS = new Set(['LARK_APP_SECRET', 'LARK_VERIFICATION_TOKEN', 'LARK_ENCRYPT_KEY', 'LLM_API_KEY']);

/** The refusal when a real deployment has lost its Feishu app (see `requireLarkOrSandbox`). */
export const NO_LARK_MESSAGE =
  '配置错误: LARK_APP_ID, LARK_APP_SECRET, LARK_VERIFICATION_TOKEN and LARK_ENCRYPT_KEY are not set, but ORG_CONFIG or DATABASE_URL points at real data; ' +
  'set the Feishu app (see README), or SANDBOX=on to run the demo sandbox (anyone can sign in as anyone) on this data';

/**
 * The Node entry's guard before it starts the sandbox: without a Feishu app the sandbox (and its
 * sign-in-as-anyone picker) runs only as a demo, never in front of a deployment's real data.
 */
export function requireLarkOrSandbox(config: Config): void {
  if (!config.lark && !config.sandboxAllowed) throw new ConfigError(NO_LARK_MESSAGE);
}
/** The long connection needs no verification token: the connection itself is opened with the app secret. */
const REQUIRED_LARK_WS = ['LARK_APP_ID', 'LARK_APP_SECRET'] as const;
/** What the SDK's WSClient accepts (it only logs and stays idle otherwise). */
const WS_APP_ID = /^cli_[0-9a-fA-F]{16}$/;

export function loadConfig(env: Record<string, string | undefined>): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const name = String(issue.path[0] ?? 'environment');
    const got = SECRET_VARS.has(name)
      ? ''
      : ` (got ${env[name] === undefined ? 'null' : JSON.stringify(redact(env[name], []))})`;
    throw new ConfigError(`配置错误: ${name} ${issue.message}${got}`);
  }
  const e = parsed.data;
  const ws = e.LARK_MODE === 'ws';
  const required = ws ? REQUIRED_LARK_WS : REQUIRED_LARK;
  const present = REQUIRED_LARK.filter((k) => e[k] !== undefined);
  const anyLark = present.length > 0 || e.LARK_ENCRYPT_KEY !== undefined;
  let lark: LarkConfig | undefined;
  if (ws && !anyLark) {
    throw new ConfigError(
      '配置错误: LARK_MODE=ws needs a Feishu app: set LARK_APP_ID and LARK_APP_SECRET (the sandbox runs only in webhook mode)',
    );
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
    if (!ws && e.LARK_ENCRYPT_KEY === undefined && e.LARK_ALLOW_UNENCRYPTED !== 'on') {
      throw new ConfigError(
        '配置错误: LARK_ENCRYPT_KEY is missing; without it anyone who learns the Verification Token can forge card taps. Copy the Encrypt Key from 事件与回调 → 加密策略 (or set LARK_ALLOW_UNENCRYPTED=on to accept unencrypted events)',
      );
    }
    if (ws && !WS_APP_ID.test(e.LARK_APP_ID!)) {
      throw new ConfigError(
        `配置错误: LARK_APP_ID must be cli_ followed by 16 hex digits for LARK_MODE=ws (got ${JSON.stringify(e.LARK_APP_ID)})`,
      );
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
    llm: e.LLM_ENDPOINT
      ? { endpoint: e.LLM_ENDPOINT, model: e.LLM_MODEL ?? 'default', apiKey: e.LLM_API_KEY }
      : undefined,
    backgroundLoops: e.BACKGROUND_LOOPS === 'on',
    materials: materialsConfig(e),
    host: e.HOST,
    sandboxAllowed: e.SANDBOX === 'on' || (e.SANDBOX === undefined && !e.ORG_CONFIG && !e.DATABASE_URL),
    unencrypted: !ws && lark !== undefined && lark.encryptKey === undefined,
    reminders: {
      digestHour: e.DIGEST_HOUR,
      graceWorkingDays: e.ESCALATION_GRACE_DAYS,
      leadDays: [
        ...new Set(
          e.REMINDER_LEAD_DAYS.split(',')
            .map((n) => Number(n.trim()))
            .filter((n) => n > 0),
        ),
      ],
    },
  };
}
