/**
 * The checks of a message's `content` that im.message.create makes: a string holding JSON that
 * suits the msg_type, within Lark's sizes; an interactive one must be a valid Card JSON 2.0
 * (stricter than Lark, which also renders 1.0 cards and templates: this project only sends 2.0).
 */
import { CARD_MAX_BYTES, validateCardV2 } from '../../../cards/card-schema.js';
import { LarkError, invalidParam } from './wire.js';

const MSG_TYPES = new Set(
  'text post image file audio media sticker interactive share_chat share_user system'.split(' '),
);
const TEXT_MAX_BYTES = 150 * 1024;

/** Checks `content` for `msgType` the way im.message.create does; returns the parsed value. */
export function checkContent(msgType: string, content: unknown, uploaded: ReadonlySet<string>): unknown {
  if (!MSG_TYPES.has(msgType)) throw invalidParam('invalid msg_type');
  if (typeof content !== 'string') throw invalidParam('content must be a string holding JSON, not a JSON object');
  let parsed: unknown;
  try {
    parsed = JSON.parse(content);
  } catch {
    throw invalidParam('content is not a valid JSON string');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw invalidParam('content must be a JSON object');
  const p = parsed as Record<string, unknown>;
  const bytes = Buffer.byteLength(content, 'utf8');
  switch (msgType) {
    case 'text':
      if (typeof p.text !== 'string' || p.text.length === 0)
        throw invalidParam('text content must be {"text":"…"} with non-empty text');
      if (bytes > TEXT_MAX_BYTES)
        throw new LarkError(400, 230025, 'The length of the message content reaches its limit.');
      break;
    case 'post': {
      const body = (p.post ?? p) as Record<string, unknown>;
      const locales = Object.values(body).filter((v) => typeof v === 'object' && v !== null) as Record<
        string,
        unknown
      >[];
      if (locales.length === 0 || !locales.every((l) => Array.isArray(l.content)))
        throw invalidParam('post content must be {"zh_cn":{"title":…,"content":[[…]]}}');
      if (bytes > CARD_MAX_BYTES)
        throw new LarkError(400, 230025, 'The length of the message content reaches its limit.');
      break;
    }
    case 'interactive': {
      if (bytes > CARD_MAX_BYTES)
        throw new LarkError(400, 230025, 'The length of the message content reaches its limit.');
      const errors = validateCardV2(p);
      if (errors.length > 0)
        throw new LarkError(
          400,
          230099,
          `Failed to create card content, ext=ErrCode: 11310; ErrMsg: ${errors.join('; ')}; `,
        );
      break;
    }
    case 'file':
      if (typeof p.file_key !== 'string' || !uploaded.has(p.file_key)) throw invalidParam('invalid file_key');
      break;
    case 'image':
      if (typeof p.image_key !== 'string' || p.image_key === '') throw invalidParam('invalid image_key');
      break;
    default:
      break;
  }
  return parsed;
}
