/** Writes docs/rules.md from the shipped rule packs: `npm run rules:doc`. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderRulesMarkdown } from '../src/rules/docs.js';
import { PACKS } from '../src/rules/packs/index.js';

const target = join(dirname(fileURLToPath(import.meta.url)), '..', 'docs', 'rules.md');
mkdirSync(dirname(target), { recursive: true });
writeFileSync(target, renderRulesMarkdown(PACKS), 'utf8');
console.log(`wrote ${target} (${PACKS.length} packs)`);
