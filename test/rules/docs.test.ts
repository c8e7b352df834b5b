import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { renderRulesMarkdown } from '../../src/rules/docs.js';
import { PACKS } from '../../src/rules/packs/index.js';

const file = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'docs', 'rules.md');
const STALE = 'docs/rules.md is out of date with src/rules/packs: run `npm run rules:doc`';

describe('docs/rules.md', () => {
  it('is the rendering of PACKS', () => {
    expect(existsSync(file), STALE).toBe(true);
    expect(readFileSync(file, 'utf8'), STALE).toBe(renderRulesMarkdown(PACKS));
  });

  it('names every pack, and every rule with its article', () => {
    const doc = renderRulesMarkdown(PACKS);
    for (const p of PACKS) {
      expect(doc).toContain(`《${p.identity.title}》`);
      for (const l of p.timeLimits) expect(doc).toContain(`（\`${l.id}\`）`);
      for (const c of p.checks) expect(doc).toContain(`（\`${c.id}\`）`);
    }
  });
});
