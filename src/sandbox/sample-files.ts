/**
 * Stand-in bytes for a file "sent" in the sandbox or a test, where only its name is chosen: they start
 * the way a real file of that type does (so the bot's type check passes), followed by a line saying
 * they are sample content.
 */

const SIGNATURES: Record<string, number[]> = {
  pdf: [...'%PDF-1.7\n'].map((c) => c.charCodeAt(0)),
  doc: [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1],
  xls: [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1],
  docx: [0x50, 0x4b, 0x03, 0x04],
  xlsx: [0x50, 0x4b, 0x03, 0x04],
  ofd: [0x50, 0x4b, 0x03, 0x04],
  zip: [0x50, 0x4b, 0x03, 0x04],
  jpg: [0xff, 0xd8, 0xff, 0xe0],
  jpeg: [0xff, 0xd8, 0xff, 0xe0],
  png: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a],
};

export function sampleFileBytes(fileName: string): Uint8Array {
  const ext = /\.([A-Za-z]+)$/.exec(fileName)?.[1]?.toLowerCase() ?? '';
  const text = new TextEncoder().encode(`\n示例内容：${fileName}\n`);
  const head = SIGNATURES[ext] ?? [];
  const out = new Uint8Array(head.length + text.length);
  out.set(head, 0);
  out.set(text, head.length);
  return out;
}
