import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, requireLarkOrSandbox } from '../src/config.js';
import { redact, secretsOf } from '../src/redact.js';

const lark = {
  LARK_APP_ID: 'cli_a1',
  LARK_APP_SECRET: 's3cret',
  LARK_VERIFICATION_TOKEN: 'vtok',
  LARK_ENCRYPT_KEY: 'ek',
};

describe('config', () => {
  it('starts with nothing set: port 3000, PGlite in .data, no Feishu app', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      port: 3000,
      dataDir: '.data',
      larkBaseUrl: 'https://open.feishu.cn',
      backgroundLoops: true,
      preparedStatements: true,
    });
    expect(c.lark).toBeUndefined();
    expect(c.databaseUrl).toBeUndefined();
  });

  it('reads a full Feishu app configuration and trims the base URL', () => {
    const c = loadConfig({ ...lark, LARK_BASE_URL: 'http://127.0.0.1:9999/', PORT: '8080' });
    expect(c.lark).toEqual({
      appId: 'cli_a1',
      appSecret: 's3cret',
      verificationToken: 'vtok',
      encryptKey: 'ek',
      baseUrl: 'http://127.0.0.1:9999',
    });
    expect(c.port).toBe(8080);
  });

  it('turns prepared statements off for a pooler that cannot keep them', () => {
    expect(loadConfig({ DATABASE_PREPARED_STATEMENTS: 'off' }).preparedStatements).toBe(false);
    expect(loadConfig({ DATABASE_PREPARED_STATEMENTS: 'on' }).preparedStatements).toBe(true);
  });

  it('treats empty strings as unset', () => {
    expect(loadConfig({ LARK_APP_ID: '', DATABASE_URL: '', PORT: '' }).lark).toBeUndefined();
  });

  it.each([
    [{ PORT: 'abc' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
    [{ LARK_BASE_URL: 'not a url' }, 'LARK_BASE_URL'],
    [{ BACKGROUND_LOOPS: 'maybe' }, 'BACKGROUND_LOOPS'],
    [{ DATABASE_PREPARED_STATEMENTS: 'no' }, 'DATABASE_PREPARED_STATEMENTS'],
  ])('a wrong value stops start-up naming the variable: %j', (env, name) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(new RegExp(`^配置错误: ${name} `));
  });

  it('a Feishu app without LARK_ENCRYPT_KEY is refused, naming it, unless LARK_ALLOW_UNENCRYPTED=on says so', () => {
    const { LARK_ENCRYPT_KEY: _, ...plain } = lark;
    expect(() => loadConfig(plain)).toThrow(ConfigError);
    expect(() => loadConfig(plain)).toThrow(/^配置错误: LARK_ENCRYPT_KEY is missing/);
    const allowed = loadConfig({ ...plain, LARK_ALLOW_UNENCRYPTED: 'on' });
    expect(allowed.lark?.encryptKey).toBeUndefined();
    expect(allowed.unencrypted).toBe(true);
    expect(loadConfig(lark).unencrypted).toBe(false);
  });

  it('without a Feishu app the sandbox runs only as a demo: not over ORG_CONFIG or DATABASE_URL unless SANDBOX=on', () => {
    expect(loadConfig({}).sandboxAllowed).toBe(true);
    expect(() => requireLarkOrSandbox(loadConfig({}))).not.toThrow();
    for (const env of [{ ORG_CONFIG: 'org.json' }, { DATABASE_URL: 'postgres://db/x' }, { SANDBOX: 'off' }]) {
      const c = loadConfig(env);
      expect(c.sandboxAllowed).toBe(false);
      expect(() => requireLarkOrSandbox(c)).toThrow(
        /^配置错误: LARK_APP_ID, LARK_APP_SECRET, LARK_VERIFICATION_TOKEN and LARK_ENCRYPT_KEY are not set/,
      );
    }
    expect(loadConfig({ ORG_CONFIG: 'org.json', DATABASE_URL: 'postgres://db/x', SANDBOX: 'on' }).sandboxAllowed).toBe(
      true,
    );
    expect(() => requireLarkOrSandbox(loadConfig({ ...lark, ORG_CONFIG: 'org.json' }))).not.toThrow();
    expect(() => loadConfig({ SANDBOX: 'yes' })).toThrow(/^配置错误: SANDBOX /);
  });

  it('an error never prints a secret: the password of DATABASE_URL, nor the value of a secret variable', () => {
    const messageOf = (env: Record<string, string>) => {
      try {
        loadConfig(env);
      } catch (e) {
        return (e as Error).message;
      }
      throw new Error('no error');
    };
    const db = messageOf({ DATABASE_URL: 'mysql://admin:hunter2-secret@db.example/prod' });
    expect(db).toMatch(/^配置错误: DATABASE_URL /);
    expect(db).not.toContain('hunter2-secret');
    expect(db).toContain('mysql://admin:***@db.example/prod');
    expect(
      redact(
        'connect to postgres://u:p%40ss@h/db failed: p@ss',
        secretsOf({ databaseUrl: 'postgres://u:p%40ss@h/db' }),
      ),
    ).toBe('connect to postgres://u:***@h/db failed: ***');
    expect(
      redact(
        'token s3cret-app-secret in a stack',
        secretsOf({ lark: { appSecret: 's3cret-app-secret', verificationToken: 'vtok-long' } }),
      ),
    ).toBe('token *** in a stack');
  });

  it('half a Feishu configuration is an error naming what is missing', () => {
    expect(() => loadConfig({ LARK_APP_ID: 'cli_a1' })).toThrow(/LARK_APP_SECRET is missing/);
    expect(() => loadConfig({ LARK_APP_ID: 'cli_a1', LARK_APP_SECRET: 'x' })).toThrow(
      /LARK_VERIFICATION_TOKEN is missing/,
    );
    expect(() => loadConfig({ LARK_ENCRYPT_KEY: 'ek' })).toThrow(/LARK_APP_ID is missing/);
  });

  it('the error is one line', () => {
    try {
      loadConfig({ PORT: 'x' });
      expect.unreachable();
    } catch (e) {
      expect((e as Error).message).not.toContain('\n');
    }
  });
});
