import { readFileSync } from 'node:fs';
import { serve } from '@hono/node-server';
import { createApp } from './app.js';
import { ConfigError, loadConfig, requireLarkOrSandbox } from './config.js';
import { redact, secretsOf } from './redact.js';
import { OrgConfigError } from './org/directory.js';
import { createRuntime, type Runtime } from './runtime.js';
import { runScheduledWork } from './scheduler.js';
import type { Database } from '../db/client.js';
import { startSandbox, type Sandbox } from './sandbox/start.js';

/** The Node entry: HTTP server, outbox dispatcher and scheduler loop in one process. */
export async function startServer(
  env: Record<string, string | undefined> = process.env,
  // Tests share a database and fix the clock.
  o: { database?: Database; clock?: () => Date; log?: (line: string) => void } = {},
) {
  let config = loadConfig(env);
  let orgSource: { text: string; name: string } | undefined;
  if (config.orgConfigPath) {
    try {
      orgSource = { text: readFileSync(config.orgConfigPath, 'utf8'), name: config.orgConfigPath };
    } catch (e) {
      throw new OrgConfigError(`ORG_CONFIG ${config.orgConfigPath}: cannot read: ${(e as Error).message}`);
    }
  }
  // No Feishu app: the sandbox's built-in fake Lark, and the demo organisation.
  let sandbox: Sandbox | undefined;
  requireLarkOrSandbox(config);
  if (!config.lark) {
    sandbox = await startSandbox(config, { withDemoOrg: !orgSource });
    config = sandbox.config;
    orgSource ??= sandbox.demoOrg;
  }
  const runtime: Runtime = await createRuntime({ config, orgSource, database: o.database, clock: o.clock, log: o.log });
  const { ctx } = runtime;
  if (config.backgroundLoops) runtime.dispatcher?.start();

  let schedulerTimer: NodeJS.Timeout | undefined;
  if (config.backgroundLoops) {
    const tick = async () => {
      try {
        await runScheduledWork(ctx);
      } catch (e) {
        ctx.log(`scheduler: ${(e as Error).message}`);
      }
      schedulerTimer = setTimeout(tick, 15_000);
    };
    schedulerTimer = setTimeout(tick, 1_000);
  }

  const app = createApp(ctx, { sandbox: sandbox?.chat });
  // The sandbox lets anyone sign in as anyone: only this machine reaches it unless HOST says otherwise.
  const hostname = config.host ?? (sandbox ? '127.0.0.1' : '0.0.0.0');
  const server = serve({ fetch: app.fetch, port: config.port, hostname });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;

  ctx.log(`政务信息化项目助手 listening on http://localhost:${port} (database: ${runtime.database.kind}${runtime.database.kind === 'pglite' ? ` in ${config.dataDir}` : ''})`);
  if (config.unencrypted) {
    ctx.log('警告: LARK_ENCRYPT_KEY is not set and LARK_ALLOW_UNENCRYPTED=on: events are not signed, anyone who learns the Verification Token can forge card taps. Set LARK_ENCRYPT_KEY.');
  }
  if (sandbox) {
    ctx.log(`未配置飞书应用 (LARK_APP_ID / LARK_APP_SECRET / LARK_VERIFICATION_TOKEN)：沙盒已启动，机器人连接内置的模拟飞书 ${sandbox.fake.url}。`);
    ctx.log(`打开 http://localhost:${port}/sandbox 选择身份与机器人对话；管理后台 http://localhost:${port}/console。配置飞书应用见 README。`);
    if (sandbox.demoOrg) ctx.log('未设置 ORG_CONFIG：已载入演示组织目录 docs/org.example.json（四个地区）。');
  }
  if (!orgSource) ctx.log('未设置 ORG_CONFIG：组织目录为空，见 README 的示例文件 docs/org.example.json。');

  return {
    port,
    runtime,
    sandbox,
    async close() {
      clearTimeout(schedulerTimer);
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await runtime.close();
      await sandbox?.close();
    },
  };
}

const isMain = process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href;
if (isMain) {
  startServer().then(
    (s) => {
      const stop = () => void s.close().then(() => process.exit(0));
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    },
    (e: unknown) => {
      // Whatever failed may quote a secret (a driver error with DATABASE_URL in it): hide them.
      let secrets: string[] = [];
      try {
        secrets = secretsOf(loadConfig(process.env));
      } catch {
        // The configuration itself is what failed: its message already leaves secrets out.
      }
      if (e instanceof ConfigError || e instanceof OrgConfigError) console.error(redact(e.message, secrets));
      else console.error(redact(`start-up failed: ${(e as Error).stack ?? e}`, secrets));
      process.exit(1);
    },
  );
}
