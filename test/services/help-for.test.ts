import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client.js';
import { COMMANDS } from '../../src/commands.js';
import type { AppContext } from '../../src/context.js';
import { parseOrgDirectory } from '../../src/org/directory.js';
import { importDirectory } from '../../src/org/store.js';
import { helpFor } from '../../src/services/help.js';
import { openTestDatabase } from '../support/db.js';

const example = readFileSync(new URL('../../docs/org.example.json', import.meta.url), 'utf8');

describe('the help card of a person', () => {
  let database: Database;
  let reads = 0;
  let ctx: AppContext;
  beforeAll(async () => {
    database = await openTestDatabase();
    const policies = ['jinzhai-2022', 'mudan-2023', 'huaian-draft', 'gaoping-2020'];
    await importDirectory(database.db, parseOrgDirectory(example, 'org.json', policies));
    // Counts the directory reads: every lookup starts with db.select.
    const db = new Proxy(database.db, {
      get(target, name) {
        if (name === 'select') reads++;
        const member = Reflect.get(target, name);
        return typeof member === 'function' ? member.bind(target) : member;
      },
    });
    ctx = { db, config: {} } as unknown as AppContext;
  });
  afterAll(async () => database.close());

  it('follows the directory’s roles, reading it once a minute per person, not on every tap', async () => {
    const unitMember = (await helpFor(ctx, 'ou_jzEduZhou', COMMANDS)).map((e) => e.command);
    expect(unitMember).toContain('申报');
    expect(reads).toBeGreaterThan(0);
    const after = reads;
    expect((await helpFor(ctx, 'ou_jzEduZhou', COMMANDS)).map((e) => e.command)).toEqual(unitMember);
    expect(reads).toBe(after);
    const reviewer = (await helpFor(ctx, 'ou_jzZhbLi', COMMANDS)).map((e) => e.command);
    expect(reviewer).not.toContain('申报');
    expect(reads).toBeGreaterThan(after);
  });

  it('inside a transaction (a message handled after the ack) the same minute’s roles serve', async () => {
    const before = reads;
    await helpFor({ ...ctx, db: {} as AppContext['db'] }, 'ou_jzEduZhou', COMMANDS);
    expect(reads).toBe(before);
  });
});
