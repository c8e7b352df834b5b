import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';

const lark = { LARK_APP_ID: 'cli_a1', LARK_APP_SECRET: 's3cret', LARK_VERIFICATION_TOKEN: 'vtok' };

describe('config', () => {
  it('starts with nothing set: port 3000, PGlite in .data, no Feishu app', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ port: 3000, dataDir: '.data', larkBaseUrl: 'https://open.feishu.cn', backgroundLoops: true, preparedStatements: true });
    expect(c.lark).toBeUndefined();
    expect(c.databaseUrl).toBeUndefined();
  });

  it('reads a full Feishu app configuration and trims the base URL', () => {
    const c = loadConfig({ ...lark, LARK_ENCRYPT_KEY: 'ek', LARK_BASE_URL: 'http://127.0.0.1:9999/', PORT: '8080' });
    expect(c.lark).toEqual({ appId: 'cli_a1', appSecret: 's3cret', verificationToken: 'vtok', encryptKey: 'ek', baseUrl: 'http://127.0.0.1:9999' });
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

  it('half a Feishu configuration is an error naming what is missing', () => {
    expect(() => loadConfig({ LARK_APP_ID: 'cli_a1' })).toThrow(/LARK_APP_SECRET is missing/);
    expect(() => loadConfig({ LARK_APP_ID: 'cli_a1', LARK_APP_SECRET: 'x' })).toThrow(/LARK_VERIFICATION_TOKEN is missing/);
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
