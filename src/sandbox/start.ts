/**
 * The sandbox: with no Feishu app configured, `npm start` runs the bot against the built-in fake Lark
 * (the same one the tests use) on a loopback port, in the same process. The app is configured exactly
 * as for a real Feishu app — App ID/Secret, Verification Token, Encrypt Key, LARK_BASE_URL — only the
 * values are the sandbox's own, so every event the sandbox page sends is encrypted, signed and checked
 * like Lark's, and every message the bot sends goes over HTTP to the fake, which checks what Lark checks.
 */
import { existsSync, readFileSync } from 'node:fs';
import type { Config } from '../config.js';
import { SandboxChat } from './chat.js';
import { startFakeLark, type FakeLark } from './fake-lark/index.js';

/** The sandbox's Feishu app: fixed values, known only to this process and its fake Lark. */
export const SANDBOX_APP = {
  appId: 'cli_sandbox0000000',
  appSecret: 'sandbox-app-secret',
  verificationToken: 'sandbox-verification-token',
  encryptKey: 'sandbox-encrypt-key',
} as const;

/** The demo organisation for the four regions, loaded when ORG_CONFIG is not set. */
/** docs/org.example.json, from src/sandbox/ (tsx) or dist/src/sandbox/ (`npm run build`). */
export const DEMO_ORG_PATH = [
  new URL('../../docs/org.example.json', import.meta.url),
  new URL('../../../docs/org.example.json', import.meta.url),
].find((u) => existsSync(u))!;

export interface Sandbox {
  /** The configuration to run the app with: `lark` points at the fake, `sandbox` is true. */
  config: Config;
  fake: FakeLark;
  chat: SandboxChat;
  /** The demo directory (docs/org.example.json), when the caller has no ORG_CONFIG of its own. */
  demoOrg?: { text: string; name: string };
  close(): Promise<void>;
}

/**
 * Starts the fake Lark and returns the configuration that points the app at it. `withDemoOrg`: load
 * the demo organisation (the caller has no ORG_CONFIG).
 */
export async function startSandbox(config: Config, o: { withDemoOrg: boolean }): Promise<Sandbox> {
  const fake = await startFakeLark({ appId: SANDBOX_APP.appId, appSecret: SANDBOX_APP.appSecret });
  const sandboxConfig: Config = {
    ...config,
    lark: {
      appId: SANDBOX_APP.appId,
      appSecret: SANDBOX_APP.appSecret,
      verificationToken: SANDBOX_APP.verificationToken,
      encryptKey: SANDBOX_APP.encryptKey,
      baseUrl: fake.url,
    },
    larkBaseUrl: fake.url,
    sandbox: true,
  };
  const chat = new SandboxChat({ fake, app: SANDBOX_APP });
  return {
    config: sandboxConfig,
    fake,
    chat,
    demoOrg: o.withDemoOrg ? { text: readFileSync(DEMO_ORG_PATH, 'utf8'), name: 'docs/org.example.json' } : undefined,
    close: () => fake.close(),
  };
}
