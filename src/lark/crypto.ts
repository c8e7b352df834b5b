/**
 * Lark/Feishu event-subscription crypto on WebCrypto (`globalThis.crypto.subtle`), so the same code
 * runs on Node 20 and on Cloudflare Workers. Under Node the webhook's two per-request operations
 * (decrypt, signature) use `node:crypto` when it is there: synchronous and without WebCrypto's
 * thread-pool round trip, several times cheaper for a body of a few kB. Both paths give the same
 * results (test/lark-crypto.test.ts runs each).
 *
 * Encryption (when the app has an Encrypt Key): the body is `{"encrypt": base64}` where
 *   key       = SHA-256(encrypt key)                 (32 bytes → AES-256)
 *   decoded   = base64decode(encrypt)
 *   iv        = decoded[0..16)
 *   plaintext = AES-256-CBC-decrypt(key, iv, decoded[16..)), PKCS#7 padding
 *
 * Signature: header X-Lark-Signature = hex(SHA-256(utf8(timestamp + nonce + encrypt_key) ++ raw body bytes)),
 * with timestamp = X-Lark-Request-Timestamp and nonce = X-Lark-Request-Nonce.
 */

const subtle = (): SubtleCrypto => {
  const s = globalThis.crypto?.subtle;
  if (!s) throw new Error('WebCrypto (globalThis.crypto.subtle) is not available');
  return s;
};

type NodeCrypto = typeof import('node:crypto');

/** node:crypto under Node (not under workerd, whose node:crypto is a partial shim), else null. */
function loadNodeCrypto(): NodeCrypto | null {
  const proc = (
    globalThis as { process?: { versions?: { node?: string }; getBuiltinModule?: (id: string) => unknown } }
  ).process;
  const isWorkerd =
    (globalThis as { navigator?: { userAgent?: string } }).navigator?.userAgent === 'Cloudflare-Workers';
  if (isWorkerd || !proc?.versions?.node || typeof proc.getBuiltinModule !== 'function') return null;
  return (proc.getBuiltinModule('node:crypto') as NodeCrypto | undefined) ?? null;
}

let nodeCrypto: NodeCrypto | null = loadNodeCrypto();

/** Tests: run the WebCrypto path under Node too (`false`), or restore the default. Returns whether node:crypto is now in use. */
export function useNodeCryptoForTests(use: boolean): boolean {
  nodeCrypto = use ? loadNodeCrypto() : null;
  return nodeCrypto !== null;
}

const encoder = new TextEncoder();
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
const utf8 = (s: string): Uint8Array => encoder.encode(s);

/** Copy into a fresh ArrayBuffer-backed view (WebCrypto's BufferSource typing wants ArrayBuffer, not SharedArrayBuffer). */
const bytes = (u: Uint8Array): Uint8Array<ArrayBuffer> => {
  const out = new Uint8Array(new ArrayBuffer(u.byteLength));
  out.set(u);
  return out;
};

function base64Encode(u: Uint8Array): string {
  let s = '';
  const CHUNK = 0x8000;
  for (let i = 0; i < u.length; i += CHUNK) s += String.fromCharCode(...u.subarray(i, i + CHUNK));
  return btoa(s);
}

type BufferCtor = { from(s: string, encoding: 'base64'): Uint8Array };
/** Node's Buffer decodes base64 natively, without atob's binary string; used where node:crypto is (Node). */
const NativeBuffer = (globalThis as { Buffer?: BufferCtor }).Buffer;

function base64Decode(b64: string): Uint8Array {
  const clean = b64.trim();
  let padding = 0;
  while (padding < clean.length && padding < 3 && clean.charCodeAt(clean.length - 1 - padding) === 61 /* = */)
    padding++;
  const bad = () => new Error('encrypt is not valid base64');
  if (clean.length === padding || padding > 2) throw bad();
  if (nodeCrypto && NativeBuffer) {
    // Buffer skips what is not base64 instead of failing: a decoded length short of what the
    // characters promise betrays such characters. (The URL-safe alphabet decodes as well; the
    // signature covers the body and the AES padding check the rest.)
    const out = NativeBuffer.from(clean, 'base64');
    if (out.length !== Math.floor(((clean.length - padding) * 3) / 4)) throw bad();
    return out;
  }
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(clean)) throw bad();
  let bin: string;
  try {
    bin = atob(clean);
  } catch {
    throw bad();
  }
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

const toHex = (buf: ArrayBuffer): string =>
  Array.from(new Uint8Array(buf), (b) => b.toString(16).padStart(2, '0')).join('');

// One app has one Encrypt Key: derive its AES key once, not on every request. (Bounded, so that
// requests carrying random keys, as in the tests, cannot grow it.)
const derivedKeys = new Map<string, Promise<CryptoKey> | Uint8Array>();

function derivedOnce<T extends Promise<CryptoKey> | Uint8Array>(id: string, derive: () => T): T {
  let key = derivedKeys.get(id) as T | undefined;
  if (!key) {
    if (derivedKeys.size >= 16) derivedKeys.clear();
    derivedKeys.set(id, (key = derive()));
  }
  return key;
}

function aesKey(encryptKey: string, usage: 'encrypt' | 'decrypt'): Promise<CryptoKey> {
  return derivedOnce(`webcrypto:${usage}:${encryptKey}`, () =>
    subtle()
      .digest('SHA-256', bytes(utf8(encryptKey)))
      .then((digest) => subtle().importKey('raw', digest, { name: 'AES-CBC' }, false, [usage])),
  );
}

function nodeAesKey(c: NodeCrypto, encryptKey: string): Uint8Array {
  return derivedOnce(`node:${encryptKey}`, () => c.createHash('sha256').update(encryptKey, 'utf8').digest());
}

/** Decrypts Lark's `encrypt` field. Throws on bad base64, wrong length, wrong key (bad padding) or non-UTF-8 output. */
export async function decryptLarkPayload(encryptKey: string, encrypt: string): Promise<string> {
  const raw = base64Decode(encrypt);
  // IV plus at least one block, whole blocks only.
  if (raw.length < 32 || raw.length % 16 !== 0) throw new Error('encrypt has the wrong length for AES-256-CBC');
  let plain: Uint8Array | ArrayBuffer;
  try {
    if (nodeCrypto) {
      const decipher = nodeCrypto.createDecipheriv(
        'aes-256-cbc',
        nodeAesKey(nodeCrypto, encryptKey),
        raw.subarray(0, 16),
      );
      const head = decipher.update(raw.subarray(16));
      const tail = decipher.final();
      if (tail.length === 0) plain = head;
      else {
        plain = new Uint8Array(head.length + tail.length);
        plain.set(head, 0);
        plain.set(tail, head.length);
      }
    } else {
      const key = await aesKey(encryptKey, 'decrypt');
      plain = await subtle().decrypt({ name: 'AES-CBC', iv: bytes(raw.subarray(0, 16)) }, key, bytes(raw.subarray(16)));
    }
  } catch {
    throw new Error('encrypt could not be decrypted (wrong encrypt key or corrupted payload)');
  }
  try {
    return strictUtf8.decode(plain);
  } catch {
    throw new Error('decrypted payload is not UTF-8');
  }
}

/**
 * Encrypts the way Lark does (for tests and the sandbox): base64(iv ++ AES-256-CBC(plaintext)).
 * `iv` is random unless given (16 bytes), which makes fixed test vectors possible.
 */
export async function encryptLarkPayload(encryptKey: string, plaintext: string, iv?: Uint8Array): Promise<string> {
  const ivBytes = iv ? bytes(iv) : globalThis.crypto.getRandomValues(new Uint8Array(16));
  if (ivBytes.length !== 16) throw new Error('iv must be 16 bytes');
  const key = await aesKey(encryptKey, 'encrypt');
  const ct = new Uint8Array(await subtle().encrypt({ name: 'AES-CBC', iv: ivBytes }, key, bytes(utf8(plaintext))));
  const out = new Uint8Array(16 + ct.length);
  out.set(ivBytes, 0);
  out.set(ct, 16);
  return base64Encode(out);
}

export interface LarkSignatureInput {
  timestamp: string;
  nonce: string;
  encryptKey: string;
  /** The request body exactly as received (bytes or the undecoded string), not a re-serialisation. */
  rawBody: string | Uint8Array;
}

/** hex(SHA-256(timestamp + nonce + encryptKey + rawBody)), lower case — what Lark puts in X-Lark-Signature. */
export async function larkSignature(i: LarkSignatureInput): Promise<string> {
  if (nodeCrypto)
    return nodeCrypto
      .createHash('sha256')
      .update(i.timestamp + i.nonce + i.encryptKey, 'utf8')
      .update(i.rawBody)
      .digest('hex');
  const head = utf8(i.timestamp + i.nonce + i.encryptKey);
  const body = typeof i.rawBody === 'string' ? utf8(i.rawBody) : i.rawBody;
  const all = new Uint8Array(head.length + body.length);
  all.set(head, 0);
  all.set(body, head.length);
  return toHex(await subtle().digest('SHA-256', all));
}

/** Constant-time string compare (the length itself is not secret: a SHA-256 hex is always 64 chars). */
function timingSafeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

/** True when `signature` (X-Lark-Signature) matches. Missing or malformed signatures are simply false. */
export async function verifyLarkSignature(
  i: LarkSignatureInput & { signature: string | null | undefined },
): Promise<boolean> {
  if (typeof i.signature !== 'string' || i.signature.length === 0) return false;
  if (typeof i.timestamp !== 'string' || typeof i.nonce !== 'string') return false;
  const expected = await larkSignature(i);
  return timingSafeEqual(expected, i.signature.trim().toLowerCase());
}
