/** Shared pieces of the printed documents: fonts, page, bordered tables, packing to bytes on Node and Workers. */
import {
  AlignmentType,
  BorderStyle,
  Document,
  HeightRule,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  VerticalAlign,
  WidthType,
} from 'docx';

/**
 * The building blocks of the printed forms: every run in 宋体 五号 (金寨 附件1 说明: “字体为宋体五号字”),
 * A4 portrait with Word's default Chinese margins, bordered fixed-layout tables. Built on the `docx`
 * package and packed with `Packer.pack(doc, 'uint8array')`, which needs neither fs nor Buffer, so the
 * same code runs on Node and on Cloudflare Workers.
 */

export const FONT = '宋体';
/** 五号 = 10.5 pt = 21 half-points. */
export const SIZE_WUHAO = 21;

/** A4 portrait (twips), 2.54 cm margins all round. */
const PAGE = { width: 11906, height: 16838, top: 1440, bottom: 1440, left: 1440, right: 1440 } as const;
/** The width the tables fill. */
export const TEXT_WIDTH = PAGE.width - PAGE.left - PAGE.right;

const FONTS = { ascii: FONT, hAnsi: FONT, eastAsia: FONT, cs: FONT } as const;
const LINE = { style: BorderStyle.SINGLE, size: 4, color: '000000' } as const;

/**
 * Text as Word can hold it: line ends normalised, tabs as spaces, and the control characters XML 1.0
 * forbids removed (the `docx` package escapes < > & " ' itself).
 */
export function cleanText(s: string): string {
  return (
    s
      .replace(/\r\n?/g, '\n')
      .replace(/\t/g, ' ')
      // biome-ignore lint/suspicious/noControlCharactersInRegex: removes the control characters XML 1.0 forbids
      .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '')
  );
}

export interface ParaOptions {
  align?: 'left' | 'center' | 'right' | 'both';
  bold?: boolean;
  /** Left indent in twips. */
  indent?: number;
  /** Space after, in twips. */
  after?: number;
}

const ALIGN = {
  left: AlignmentType.LEFT,
  center: AlignmentType.CENTER,
  right: AlignmentType.RIGHT,
  both: AlignmentType.BOTH,
} as const;

export function run(text: string, bold = false): TextRun {
  return new TextRun({ text: cleanText(text), font: FONTS, size: SIZE_WUHAO, bold: bold || undefined });
}

/** One paragraph per line of `text` ('' → one empty paragraph, which still carries the font and size). */
export function paras(text: string, opts: ParaOptions = {}): Paragraph[] {
  return cleanText(text)
    .split('\n')
    .map(
      (line) =>
        new Paragraph({
          children: line === '' ? [] : [run(line, opts.bold)],
          run: { font: FONTS, size: SIZE_WUHAO },
          alignment: ALIGN[opts.align ?? 'left'],
          indent: opts.indent ? { left: opts.indent } : undefined,
          spacing: opts.after ? { after: opts.after } : undefined,
        }),
    );
}

export interface CellOptions extends ParaOptions {
  span?: number;
  /** Merged down over this many rows (the rows below then leave this column out). */
  rowSpan?: number;
  /** The cell's width in twips (the sum of the grid columns it spans). */
  width: number;
  valign?: 'top' | 'center' | 'bottom';
}

const VALIGN = { top: VerticalAlign.TOP, center: VerticalAlign.CENTER, bottom: VerticalAlign.BOTTOM } as const;

/** A table cell holding `content` (text, one paragraph per line, or ready paragraphs). */
export function cell(content: string | Paragraph[], opts: CellOptions): TableCell {
  return new TableCell({
    children: typeof content === 'string' ? paras(content, opts) : content,
    columnSpan: opts.span && opts.span > 1 ? opts.span : undefined,
    rowSpan: opts.rowSpan && opts.rowSpan > 1 ? opts.rowSpan : undefined,
    width: { size: opts.width, type: WidthType.DXA },
    verticalAlign: VALIGN[opts.valign ?? 'center'],
    margins: { top: 60, bottom: 60, left: 100, right: 100 },
  });
}

/** A row at least `minHeight` twips high: it grows with its text, so long values are never cut. */
export function row(cells: TableCell[], minHeight = 567): TableRow {
  return new TableRow({ children: cells, height: { value: minHeight, rule: HeightRule.ATLEAST } });
}

/** Column widths filling the text width: the given ones, then the last column takes the rest. */
export function columns(...leading: number[]): number[] {
  const rest = TEXT_WIDTH - leading.reduce((a, b) => a + b, 0);
  if (rest <= 0) throw new Error(`columns ${leading.join('+')} leave no room in ${TEXT_WIDTH}`);
  return [...leading, rest];
}

/** A bordered table of fixed column widths. */
export function table(columnWidths: readonly number[], rows: TableRow[]): Table {
  const total = columnWidths.reduce((a, b) => a + b, 0);
  return new Table({
    rows,
    columnWidths: [...columnWidths],
    width: { size: total, type: WidthType.DXA },
    layout: TableLayoutType.FIXED,
    alignment: AlignmentType.CENTER,
    borders: { top: LINE, bottom: LINE, left: LINE, right: LINE, insideHorizontal: LINE, insideVertical: LINE },
  });
}

/** Sums grid column widths [from, from + span). */
export function spanWidth(columnWidths: readonly number[], from: number, span = 1): number {
  return columnWidths.slice(from, from + span).reduce((a, b) => a + b, 0);
}

/** The form's title: centred, bold, with a blank line's worth of space after. */
export function title(text: string): Paragraph[] {
  return paras(text, { align: 'center', bold: true, after: 240 });
}

/** A one-section A4 document whose default run style is also 宋体 五号. */
export function document(titleText: string, children: (Paragraph | Table)[]): Document {
  return new Document({
    title: cleanText(titleText),
    creator: '政务信息化项目助手',
    styles: { default: { document: { run: { font: FONTS, size: SIZE_WUHAO } } } },
    sections: [
      {
        properties: {
          page: {
            size: { width: PAGE.width, height: PAGE.height },
            margin: { top: PAGE.top, bottom: PAGE.bottom, left: PAGE.left, right: PAGE.right },
          },
        },
        children,
      },
    ],
  });
}

/** The .docx bytes. */
export async function pack(doc: Document): Promise<Uint8Array> {
  return Packer.pack(doc, 'uint8array');
}
