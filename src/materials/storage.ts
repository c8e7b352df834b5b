/**
 * Where kept materials live, behind one small interface: a directory under DATA_DIR (one instance), an
 * S3-compatible bucket (several instances), or an R2 bucket binding (Workers). Objects are written
 * once under a key the caller picks and never changed; a second put of the same key replaces it whole,
 * so a retried download is harmless.
 */

export interface StoredObject {
  body: ReadableStream<Uint8Array>;
  /** Bytes, or 0 when the backend did not say. */
  size: number;
}

export interface MaterialStorage {
  /** `dir`, `s3` or `r2`, for logs and the health line. */
  readonly kind: string;
  put(key: string, data: Uint8Array, contentType: string): Promise<void>;
  /** Null when there is no such object. */
  get(key: string): Promise<StoredObject | null>;
}

/** A key safe in every backend: letters, digits, `-`, `_`, `.` and `/` between non-empty parts. */
export function assertSafeKey(key: string): void {
  if (!/^[A-Za-z0-9_.-]+(\/[A-Za-z0-9_.-]+)*$/.test(key) || key.split('/').some((p) => p === '.' || p === '..')) {
    throw new Error(`material storage: unsafe key ${JSON.stringify(key)}`);
  }
}

/** Hex sha256 (Web Crypto: Node and Workers alike). */
export async function sha256Hex(data: Uint8Array): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', data as Uint8Array<ArrayBuffer>));
  return [...digest].map((b) => b.toString(16).padStart(2, '0')).join('');
}
