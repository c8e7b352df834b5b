/**
 * The Node entry: reads the environment, starts the HTTP server (and the long connection in ws
 * mode), the outbox dispatcher and the scheduler loop, and shuts them down in order on a signal.
 */
import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { serve } from '@hono/node-server';
import { createApp } from './app.js';
import { ConfigError, loadConfig, requireLarkOrSandbox } from './config.js';
import { redact, secretsOf } from './redact.js';
import { routeLarkEnvelope } from './lark/webhook.js';
import { startLongConnection, type LongConnection } from './lark/ws-transport.js';
import { createServerMetrics } from './metrics.js';
import { REGISTRY } from './registry.js';
import { OrgConfigError } from './org/directory.js';
import { createRuntime, type Runtime } from './runtime.js';
import { runScheduledWork } from './scheduler.js';
import type { Database } from '../db/client.js';
import { startSandbox, type Sandbox } from './sandbox/start.js';

/** How long shutdown waits for requests in flight, and then for the outbox to send what is due. */
const SHUTDOWN_REQUESTS_MS = 5_000;
const SHUTDOWN_OUTBOX_MS = 3_000;

/**
 * The Node entry: HTTP server, the long connection in ws mode, outbox dispatcher and scheduler loop
 * in one process. `close()` is the graceful shutdown SIGTERM and SIGINT run.
 */
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
  let longConnection: LongConnection | undefined;
  const metrics = createServerMetrics({
    token: config.metricsToken,
    db: () => runtime.ctx.db,
    longConnection: config.larkMode === 'ws' ? () => longConnection!.status() : undefined,
  });
  const runtime: Runtime = await createRuntime({
    config,
    orgSource,
    database: o.database,
    clock: o.clock,
    log: o.log,
    metrics,
  });
  const { ctx } = runtime;
  if (config.backgroundLoops) runtime.dispatcher?.start();

  let schedulerTimer: NodeJS.Timeout | undefined;
  let schedulerRun: Promise<void> = Promise.resolve();
  let stopping = false;
  if (config.backgroundLoops) {
    const tick = async () => {
      try {
        await runScheduledWork(ctx);
        metrics.schedulerRun(true);
      } catch (e) {
        metrics.schedulerRun(false);
        ctx.log(`scheduler: ${(e as Error).message}`);
      }
      if (!stopping) schedulerTimer = setTimeout(() => (schedulerRun = tick()), 15_000);
    };
    schedulerTimer = setTimeout(() => (schedulerRun = tick()), 1_000);
  }

  if (config.larkMode === 'ws' && config.lark) {
    longConnection = startLongConnection({
      lark: config.lark,
      route: (envelope) => routeLarkEnvelope(ctx, REGISTRY, envelope, 'ws'),
      log: ctx.log,
    });
  }

  const app = createApp(ctx, { sandbox: sandbox?.chat, longConnection, metrics });
  // The sandbox lets anyone sign in as anyone: only this machine reaches it unless HOST says otherwise.
  const hostname = config.host ?? (sandbox ? '127.0.0.1' : '0.0.0.0');
  const server = serve({ fetch: app.fetch, port: config.port, hostname }) as Server;
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;

  ctx.log(
    `政务信息化项目助手 listening on http://localhost:${port} (database: ${runtime.database.kind}${runtime.database.kind === 'pglite' ? ` in ${config.dataDir}` : ''}; Lark events: ${config.larkMode === 'ws' ? 'long connection' : 'webhook POST /lark/events'})`,
  );
  if (config.unencrypted) {
    ctx.log(
      '警告: LARK_ENCRYPT_KEY is not set and LARK_ALLOW_UNENCRYPTED=on: events are not signed, anyone who learns the Verification Token can forge card taps. Set LARK_ENCRYPT_KEY.',
    );
  }
  if (sandbox) {
    ctx.log(
      `未配置飞书应用 (LARK_APP_ID / LARK_APP_SECRET / LARK_VERIFICATION_TOKEN)：沙盒已启动，机器人连接内置的模拟飞书 ${sandbox.fake.url}。`,
    );
    ctx.log(
      `打开 http://localhost:${port}/sandbox 选择身份与机器人对话；管理后台 http://localhost:${port}/console。配置飞书应用见 README。`,
    );
    if (sandbox.demoOrg) ctx.log('未设置 ORG_CONFIG：已载入演示组织目录 docs/org.example.json（四个地区）。');
  }
  if (!orgSource) ctx.log('未设置 ORG_CONFIG：组织目录为空，见 README 的示例文件 docs/org.example.json。');

  return {
    port,
    runtime,
    sandbox,
    longConnection,
    /**
     * Graceful shutdown: stop taking events (the long connection, new HTTP requests), let requests
     * and handlers in flight finish, send what the outbox can within a few seconds, close the database.
     */
    async close() {
      stopping = true;
      clearTimeout(schedulerTimer);
      longConnection?.close();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const timer = setTimeout(() => server.closeAllConnections(), SHUTDOWN_REQUESTS_MS);
      await closed;
      clearTimeout(timer);
      await schedulerRun;
      await runtime.settle();
      const sent = await runtime.flushOutbox(SHUTDOWN_OUTBOX_MS).catch((e: unknown) => {
        ctx.log(`shutdown: outbox not flushed: ${(e as Error).message}`);
        return 0;
      });
      await runtime.close();
      await sandbox?.close();
      ctx.log(`shutdown: done (${sent} outbox message${sent === 1 ? '' : 's'} sent while stopping; database closed)`);
    },
  };
}

/** Runs the server until SIGTERM or SIGINT, then shuts down gracefully and exits 0 (1 if shutdown failed). */
/** `afterStart`: a line for the log once the server is up (how `npm start` ran it), never before a start-up error. */
export function main(afterStart?: string): void {
  startServer().then(
    (s) => {
      if (afterStart) console.log(afterStart);
      let stopping = false;
      const stop = (signal: NodeJS.Signals) => {
        // A second signal while stopping: the operator insists.
        if (stopping) process.exit(1);
        stopping = true;
        console.log(`${signal}: shutting down`);
        s.close().then(
          () => process.exit(0),
          (e: unknown) => {
            console.error(`shutdown failed: ${(e as Error).stack ?? e}`);
            process.exit(1);
          },
        );
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
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

const isMain = process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href;
if (isMain) main();
