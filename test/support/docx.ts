/**
 * Reading a generated .docx back in tests: unzip a part, and the text of WordprocessingML as a reader
 * sees it (each paragraph a line, its <w:t> runs joined).
 */
import { strFromU8, unzipSync } from 'fflate';

export function docxPart(docx: Uint8Array, path: string): string {
  const files = unzipSync(docx);
  const file = files[path];
  if (!file) throw new Error(`${path} not in the .docx (has ${Object.keys(files).join(', ')})`);
  return strFromU8(file);
}

export function unescapeXml(s: string): string {
  return s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n)))
    .replace(/&amp;/g, '&');
}

/** The text of a fragment: its paragraphs joined with \n, each paragraph's <w:t> runs concatenated. */
export function xmlText(xml: string): string {
  const paragraphs = xml.match(/<w:p[ >][\s\S]*?<\/w:p>|<w:p\/>/g) ?? [];
  return paragraphs
    .map((p) => [...p.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => unescapeXml(m[1]!)).join(''))
    .join('\n');
}

/** The document part's text, one paragraph a line. */
export const docxText = (docx: Uint8Array): string => xmlText(docxPart(docx, 'word/document.xml'));
