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

export interface LarkConfig {
  appId: string;
  appSecret: string;
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
  larkBaseUrl: string;
  orgConfigPath?: string;
  /** Optional language model that phrases answers; it only ever sees the cited articles. */
  llm?: { endpoint: string; model: string; apiKey?: string };
  backgroundLoops: boolean;
  materials: MaterialsConfig;
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
  const base = { storage: e.MATERIALS_STORAGE, maxBytes: e.MATERIALS_MAX_MB * 1024 * 1024, dir: `${e.DATA_DIR.replace(/\/+$/, '')}/materials` };
  if (e.MATERIALS_STORAGE !== 's3') return base;
  const missing = REQUIRED_S3.filter((k) => e[k] === undefined);
  if (missing.length > 0) throw new ConfigError(`配置错误: ${missing[0]} is missing; MATERIALS_STORAGE=s3 needs ${REQUIRED_S3.join(', ')}`);
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

export function loadConfig(env: Record<string, string | undefined>): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const name = String(issue.path[0] ?? 'environment');
    throw new ConfigError(`配置错误: ${name} ${issue.message} (got ${JSON.stringify(env[name] ?? null)})`);
  }
  const e = parsed.data;
  const present = REQUIRED_LARK.filter((k) => e[k] !== undefined);
  const anyLark = present.length > 0 || e.LARK_ENCRYPT_KEY !== undefined;
  let lark: LarkConfig | undefined;
  if (anyLark) {
    const missing = REQUIRED_LARK.filter((k) => e[k] === undefined);
    if (missing.length > 0) {
      throw new ConfigError(
        `配置错误: ${missing[0]} is missing; a Feishu app needs LARK_APP_ID, LARK_APP_SECRET and LARK_VERIFICATION_TOKEN together (set all, or none for the sandbox)`,
      );
    }
    lark = {
      appId: e.LARK_APP_ID!,
      appSecret: e.LARK_APP_SECRET!,
      verificationToken: e.LARK_VERIFICATION_TOKEN!,
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
    larkBaseUrl: e.LARK_BASE_URL.replace(/\/+$/, ''),
    orgConfigPath: e.ORG_CONFIG,
    llm: e.LLM_ENDPOINT ? { endpoint: e.LLM_ENDPOINT, model: e.LLM_MODEL ?? 'default', apiKey: e.LLM_API_KEY } : undefined,
    backgroundLoops: e.BACKGROUND_LOOPS === 'on',
    materials: materialsConfig(e),
    reminders: {
      digestHour: e.DIGEST_HOUR,
      graceWorkingDays: e.ESCALATION_GRACE_DAYS,
      leadDays: [...new Set(e.REMINDER_LEAD_DAYS.split(',').map((n) => Number(n.trim())).filter((n) => n > 0))],
    },
  };
}
