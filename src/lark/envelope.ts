/**
 * The zod shapes of what Lark delivers, after decryption (at POST /lark/events or over the long
 * connection): the url_verification challenge, the schema 2.0 envelope, and the bodies of the
 * message and card-callback events the handlers read.
 */
import { z } from 'zod';

export const UrlVerificationSchema = z.object({
  type: z.literal('url_verification'),
  challenge: z.string().min(1),
  token: z.string(),
});

/** Event subscription and card callback envelope, schema 2.0. */
export const EnvelopeV2Schema = z.object({
  schema: z.literal('2.0'),
  header: z.object({
    event_id: z.string().min(1).max(128),
    event_type: z.string().min(1).max(128),
    create_time: z.string().optional(),
    token: z.string(),
    app_id: z.string().optional(),
    tenant_key: z.string().optional(),
  }),
  event: z.record(z.string(), z.unknown()),
});
export type EnvelopeV2 = z.infer<typeof EnvelopeV2Schema>;

/** Lark's ids are a prefix and 32 hex digits; anything far longer is not from Lark. */
const LarkId = z.string().min(1).max(128);
const SenderId = z.object({ open_id: LarkId, union_id: z.string().optional(), user_id: z.string().optional() });

export const MessageReceiveSchema = z.object({
  sender: z.object({ sender_id: SenderId, sender_type: z.string().optional(), tenant_key: z.string().optional() }),
  message: z.object({
    message_id: LarkId,
    root_id: z.string().optional(),
    parent_id: z.string().optional(),
    create_time: z.string().optional(),
    chat_id: LarkId,
    chat_type: z.enum(['p2p', 'group', 'topic_group']).or(z.string()),
    message_type: z.string(),
    content: z.string(),
    mentions: z
      .array(z.object({ key: z.string(), id: SenderId.partial().optional(), name: z.string().optional() }))
      .optional(),
  }),
});
export type MessageReceive = z.infer<typeof MessageReceiveSchema>;

export const CardActionSchema = z.object({
  operator: z.object({ open_id: LarkId, user_id: z.string().optional(), union_id: z.string().optional() }),
  token: z.string().optional(),
  action: z.object({
    value: z.record(z.string(), z.unknown()).optional().default({}),
    tag: z.string().optional(),
    name: z.string().optional(),
    form_value: z.record(z.string(), z.unknown()).optional(),
    option: z.string().optional(),
    input_value: z.string().optional(),
  }),
  host: z.string().optional(),
  context: z.object({ open_message_id: LarkId.optional(), open_chat_id: LarkId.optional() }).optional(),
});
export type CardAction = z.infer<typeof CardActionSchema>;
