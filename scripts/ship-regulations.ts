/**
 * Copies the regulation texts from ../shared/regulations into src/rules/texts as TypeScript
 * modules, so both runtimes (Node and Workers) bundle them without a file system.
 * The text is copied verbatim; repairs happen in the parser, where they are visible and tested.
 * Run: npx tsx scripts/ship-regulations.ts
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const SOURCE = join(import.meta.dirname, '..', '..', 'shared', 'regulations');
const TARGET = join(import.meta.dirname, '..', 'src', 'rules', 'texts');

const FILES: Record<string, string> = {
  'jinzhai-2022': '001_cb58c96e80a8fb8e.txt',
  'mudan-2023': '002_dfbde70c4e74c482.txt',
  'huaian-draft': '003_0b8ba89a5ab516c9.txt',
  'gaoping-2020': '004_847bbe862d28c314.txt',
};

for (const [pack, file] of Object.entries(FILES)) {
  const text = readFileSync(join(SOURCE, file), 'utf8');
  const module = `// Copied verbatim from shared/regulations/${file} by scripts/ship-regulations.ts. Do not edit.\nexport const sourceFile = ${JSON.stringify(file)};\nexport const text: string = ${JSON.stringify(text)};\n`;
  writeFileSync(join(TARGET, `${pack}.ts`), module);
  console.log(`${pack}: ${text.length} characters`);
}
