/**
 * The sandbox's side of the conversation: it plays the Feishu client and Lark's event delivery.
 * What a person types or taps becomes a Lark-shaped event (im.message.receive_v1, card.action.trigger),
 * encrypted and signed with the app's Encrypt Key exactly as Lark does, and POSTed to the app's own
 * /lark/events. What the person sees is what the fake Lark received from the bot: messages to them or
 * their chats, card updates (PATCH) and the cards and toasts of callback answers.
 *
 * Nothing here reaches into the bot's database or services: what works here works in Feishu.
 */
import type { DeliveredMessage, FakeLark, RecordedFile } from './fake-lark/index.js';
import { cardActionEvent, fileMessageEvent, messageReceiveEvent, newMessageId, signedRequest } from './lark-events.js';
import { sampleFileBytes } from './sample-files.js';
import { randomBytes } from 'node:crypto';

/** Hands a request to the app (its `fetch`), as Lark's delivery would over HTTPS. */
export type Dispatch = (req: Request) => Promise<Response>;

/** A person's one-to-one chat with the bot (Lark gives each p2p chat its own oc_ id). */
export const p2pChatId = (openId: string) => `oc_p2p${openId.slice(3)}`;

export interface UserMessage {
  id: string;
  chatId: string;
  chatType: 'p2p' | 'group';
  openId: string;
  msgType: 'text' | 'file';
  content: { text: string } | { file_key: string; file_name: string };
  time: number;
}

export interface CardAnswer {
  toast?: { type: string; content: string };
  card?: { type: string; data: object };
  /** The HTTP status of the app's answer (Lark shows an error for anything but 200). */
  status: number;
  /** How long the app took; Lark gives up after 3 s. */
  elapsedMs: number;
}

export interface TimelineEntry {
  id: string;
  from: 'user' | 'bot';
  /** For the user's own messages (in a group, whose). */
  openId?: string;
  msgType: string;
  /** For cards, the card as it stands now (after patches and callback answers). */
  content: unknown;
  /** A card that has been updated since it was sent. */
  updated: boolean;
  /** Grows with every update of the entry (the page re-renders an entry when it changes). */
  revision: number;
  replyTo?: string;
  time: number;
}

export interface SandboxChatOptions {
  fake: Pick<FakeLark, 'messages' | 'patches' | 'files' | 'addUserMessage' | 'addUserFile'>;
  app: { appId: string; verificationToken: string; encryptKey?: string };
}

export class SandboxChat {
  readonly userMessages: UserMessage[] = [];
  readonly cardAnswers: { messageId: string; card: object; time: number }[] = [];
  private dispatch: Dispatch | null = null;

  constructor(private readonly o: SandboxChatOptions) {}

  /** Connects the sandbox to the app it drives (called once the Hono app exists). */
  attach(dispatch: Dispatch): void {
    this.dispatch = dispatch;
  }

  private async post(body: object): Promise<Response> {
    if (!this.dispatch) throw new Error('sandbox: not attached to the app');
    const signed = await signedRequest(body, { encryptKey: this.o.app.encryptKey });
    return this.dispatch(
      new Request('http://sandbox.local/lark/events', { method: 'POST', headers: signed.headers, body: signed.body }),
    );
  }

  private get common() {
    return { token: this.o.app.verificationToken, appId: this.o.app.appId };
  }

  /** A person writes in a chat (in a group the message @-mentions the bot, as it must for the bot to see it). */
  async say(m: {
    openId: string;
    chatId: string;
    chatType: 'p2p' | 'group';
    text: string;
    people?: { openId: string; name: string }[];
  }): Promise<{ status: number; messageId: string }> {
    const messageId = newMessageId();
    this.o.fake.addUserMessage(messageId, m.chatId);
    this.userMessages.push({
      id: messageId,
      chatId: m.chatId,
      chatType: m.chatType,
      openId: m.openId,
      msgType: 'text',
      content: { text: m.text },
      time: Date.now(),
    });
    const res = await this.post(
      messageReceiveEvent({
        ...this.common,
        openId: m.openId,
        chatId: m.chatId,
        chatType: m.chatType,
        messageId,
        text: m.text,
        mentionBot: m.chatType === 'group',
        people: m.people,
      }),
    );
    return { status: res.status, messageId };
  }

  /** A person sends a file (the bot files it as a project material). */
  async sendFile(m: {
    openId: string;
    chatId: string;
    chatType: 'p2p' | 'group';
    fileName: string;
  }): Promise<{ status: number; messageId: string }> {
    const messageId = newMessageId();
    const fileKey = `file_v3_sandbox${randomBytes(8).toString('hex')}`;
    // The page sends only the file's name: the fake serves stand-in bytes of that type when the bot downloads it.
    this.o.fake.addUserFile(messageId, m.chatId, { key: fileKey, type: 'file', data: sampleFileBytes(m.fileName) });
    this.userMessages.push({
      id: messageId,
      chatId: m.chatId,
      chatType: m.chatType,
      openId: m.openId,
      msgType: 'file',
      content: { file_key: fileKey, file_name: m.fileName },
      time: Date.now(),
    });
    const res = await this.post(
      fileMessageEvent({
        ...this.common,
        openId: m.openId,
        chatId: m.chatId,
        chatType: m.chatType,
        messageId,
        fileKey,
        fileName: m.fileName,
      }),
    );
    return { status: res.status, messageId };
  }

  /** A person taps a button of a card (with the form's values when it submits a form). */
  async tap(m: {
    openId: string;
    chatId: string;
    messageId: string;
    value: Record<string, unknown>;
    formValue?: Record<string, unknown>;
    name?: string;
  }): Promise<CardAnswer> {
    const started = Date.now();
    const res = await this.post(
      cardActionEvent({
        ...this.common,
        openId: m.openId,
        chatId: m.chatId,
        messageId: m.messageId,
        value: m.value,
        formValue: m.formValue,
        name: m.name,
      }),
    );
    const elapsedMs = Date.now() - started;
    let body: { toast?: CardAnswer['toast']; card?: CardAnswer['card'] } = {};
    try {
      body = (await res.json()) as typeof body;
    } catch {
      body = {};
    }
    if (
      res.status === 200 &&
      body.card &&
      body.card.type === 'raw' &&
      body.card.data &&
      typeof body.card.data === 'object'
    ) {
      this.cardAnswers.push({ messageId: m.messageId, card: body.card.data, time: Date.now() });
    }
    return { toast: body.toast, card: body.card, status: res.status, elapsedMs };
  }

  private botMessagesFor(openId: string, chatId: string): DeliveredMessage[] {
    const p2p = chatId === p2pChatId(openId);
    return this.o.fake.messages.filter(
      (m) => m.chat_id === chatId || (p2p && m.receive_id_type === 'open_id' && m.receive_id === openId),
    );
  }

  /** The card a message shows now: the last of what was sent, patched in, or answered to a tap. */
  currentCard(message: DeliveredMessage): { card: unknown; updated: boolean; revision: number } {
    let card: unknown = message.content;
    let at = -1;
    let revision = 0;
    for (const p of this.o.fake.patches) {
      if (p.message_id !== message.id) continue;
      revision += 1;
      if (p.time >= at) {
        card = p.content;
        at = p.time;
      }
    }
    for (const a of this.cardAnswers) {
      if (a.messageId !== message.id) continue;
      revision += 1;
      if (a.time >= at) {
        card = a.card;
        at = a.time;
      }
    }
    return { card, updated: revision > 0, revision };
  }

  /** Everything in one chat as the person sees it, oldest first. */
  timeline(openId: string, chatId: string): TimelineEntry[] {
    const entries: TimelineEntry[] = this.userMessages
      .filter((u) => u.chatId === chatId)
      .map((u) => ({
        id: u.id,
        from: 'user' as const,
        openId: u.openId,
        msgType: u.msgType,
        content: u.content,
        updated: false,
        revision: 0,
        time: u.time,
      }));
    for (const m of this.botMessagesFor(openId, chatId)) {
      const { card, updated, revision } =
        m.msg_type === 'interactive' ? this.currentCard(m) : { card: m.content, updated: false, revision: 0 };
      entries.push({
        id: m.id,
        from: 'bot',
        msgType: m.msg_type,
        content: card,
        updated,
        revision,
        replyTo: m.reply_to,
        time: m.time,
      });
    }
    return entries.sort((a, b) => a.time - b.time);
  }

  /** Changes whenever the chat would look different (the page polls it). */
  version(openId: string, chatId: string): string {
    const bot = this.botMessagesFor(openId, chatId);
    const ids = new Set(bot.map((m) => m.id));
    const patches = this.o.fake.patches.filter((p) => ids.has(p.message_id)).length;
    const answers = this.cardAnswers.filter((a) => ids.has(a.messageId)).length;
    const mine = this.userMessages.filter((u) => u.chatId === chatId).length;
    return `${mine}.${bot.length}.${patches}.${answers}`;
  }

  /** A file the bot uploaded (a 申报表 .docx, say), by its file_key. */
  file(fileKey: string): RecordedFile | undefined {
    return this.o.fake.files.find((f) => f.file_key === fileKey);
  }
}
