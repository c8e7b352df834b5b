/**
 * Which files are accepted as declaration materials: the document types the regulations ask for
 * (pdf, doc/docx, xls/xlsx, ofd, jpg/png scans, zip bundles). A file is judged twice: by its name when
 * it arrives (so the sender hears at once), and by its first bytes once downloaded (a renamed
 * executable is not a PDF). Pure: no Lark, no storage.
 */

export type MaterialExtension = 'pdf' | 'doc' | 'docx' | 'xls' | 'xlsx' | 'ofd' | 'jpg' | 'jpeg' | 'png' | 'zip';

interface Kind {
  contentType: string;
  /** Container family whose signature the first bytes must show. */
  family: 'pdf' | 'ole' | 'zip' | 'jpeg' | 'png';
}

const KINDS: Record<MaterialExtension, Kind> = {
  pdf: { contentType: 'application/pdf', family: 'pdf' },
  doc: { contentType: 'application/msword', family: 'ole' },
  docx: { contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', family: 'zip' },
  xls: { contentType: 'application/vnd.ms-excel', family: 'ole' },
  xlsx: { contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', family: 'zip' },
  // OFD (GB/T 33190) is a zip package of XML.
  ofd: { contentType: 'application/ofd', family: 'zip' },
  jpg: { contentType: 'image/jpeg', family: 'jpeg' },
  jpeg: { contentType: 'image/jpeg', family: 'jpeg' },
  png: { contentType: 'image/png', family: 'png' },
  zip: { contentType: 'application/zip', family: 'zip' },
};

const SIGNATURES: Record<Kind['family'], number[]> = {
  pdf: [0x25, 0x50, 0x44, 0x46, 0x2d], // %PDF-
  ole: [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1], // Compound File Binary (Word 97–2003, Excel 97–2003)
  zip: [0x50, 0x4b, 0x03, 0x04], // PK\3\4
  jpeg: [0xff, 0xd8, 0xff],
  png: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a],
};

/** The accepted types as the user reads them. */
export const ACCEPTED_LABEL = 'pdf、doc、docx、xls、xlsx、ofd、jpg、png、zip';

/** The accepted extension of a file name, or null when the type is not a material type. */
export function materialExtension(fileName: string): MaterialExtension | null {
  const m = /\.([A-Za-z]+)$/.exec(fileName.trim());
  const ext = m ? (m[1]!.toLowerCase() as MaterialExtension) : null;
  return ext && ext in KINDS ? ext : null;
}

export function contentTypeOf(ext: MaterialExtension): string {
  return KINDS[ext].contentType;
}

/** The extension a picture's first bytes show (an image message has no file name), or null. */
export function imageExtensionOf(bytes: Uint8Array): 'jpg' | 'png' | null {
  if (startsWith(bytes, SIGNATURES.jpeg)) return 'jpg';
  if (startsWith(bytes, SIGNATURES.png)) return 'png';
  return null;
}

/** Whether the downloaded bytes are what the name says. */
export function contentMatches(ext: MaterialExtension, bytes: Uint8Array): boolean {
  return startsWith(bytes, SIGNATURES[KINDS[ext].family]);
}

function startsWith(bytes: Uint8Array, signature: number[]): boolean {
  return bytes.length >= signature.length && signature.every((b, i) => bytes[i] === b);
}

/** "50 MB" for a byte count the user reads in a message. */
export function megabytes(bytes: number): string {
  return `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MB`;
}
