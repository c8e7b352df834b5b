/** @jsxImportSource hono/jsx */
/**
 * `/sandbox`: a chat with the bot in the browser, for trying it without a Feishu app. Pick who you are
 * (anyone in the directory), type to the bot, tap buttons and fill forms in its cards. Every action
 * goes to the app through the real webhook (see chat.ts); the page shows what the fake Lark received.
 *
 *   GET  /sandbox                    the page (?as=<open_id>&chat=<chat_id>)
 *   GET  /sandbox/api/timeline       the chat's messages as HTML fragments, for polling
 *   POST /sandbox/api/say            {as, chat, text}
 *   POST /sandbox/api/file           {as, chat, fileName}
 *   POST /sandbox/api/tap            {as, chat, messageId, value, formValue?, name?}
 *   GET  /sandbox/files/:fileKey     a file the bot uploaded (the 申报表 .docx …)
 */
import { Hono } from 'hono';
import { raw } from 'hono/html';
import type { Child } from 'hono/jsx';
import { z } from 'zod';
import type { AppContext } from '../context.js';
import { COMMANDS } from '../commands.js';
import { describePerson, describeRole, listPeople, type DirectoryPerson } from '../org/people.js';
import { CardView } from './card-view.js';
import { SCRIPT, STYLE } from './web-assets.js';
import { helpFor } from '../services/help.js';
import { p2pChatId, type SandboxChat, type TimelineEntry } from './chat.js';
import { displayName } from '../org/names.js';
import { HtmlDocument } from '../html-document.js';

/** Someone who is not in the directory, to see what the bot tells strangers. */
export const SANDBOX_GUEST = 'ou_sandboxGuest';

interface ChatChoice {
  id: string;
  type: 'p2p' | 'group';
  label: string;
}

function chatsOf(openId: string, person: DirectoryPerson | undefined): ChatChoice[] {
  const out: ChatChoice[] = [{ id: p2pChatId(openId), type: 'p2p', label: '与机器人的单聊' }];
  const seen = new Set<string>();
  for (const r of person?.roles ?? []) {
    if (r.kind === 'unit' && r.chatId && !seen.has(r.chatId)) {
      seen.add(r.chatId);
      out.push({ id: r.chatId, type: 'group', label: `${r.orgName}工作群` });
    }
  }
  return out;
}

function Layout(props: { title: string; children: Child }) {
  return (
    <HtmlDocument title={props.title} style={STYLE}>
      {props.children}
    </HtmlDocument>
  );
}

function initial(name: string): string {
  return Array.from(name.replace(/（.*$/, ''))[0] ?? '?';
}

/** One message of the timeline. */
export function EntryView(props: {
  e: TimelineEntry;
  me: string;
  name: (openId: string) => string;
  fileName?: (fileKey: string) => string | undefined;
}) {
  const { e } = props;
  const c = (e.content ?? {}) as Record<string, unknown>;
  let body: Child;
  if (e.msgType === 'interactive') body = <CardView card={e.content} messageId={e.id} o={{ personName: props.name }} />;
  else if (e.msgType === 'text')
    body = <div class="sb-text">{String(c.text ?? '').replace(/<at [^>]*>([^<]*)<\/at>/g, '@$1')}</div>;
  else if (e.msgType === 'file') {
    const key = String(c.file_key ?? '');
    const name = String(c.file_name ?? props.fileName?.(key) ?? '');
    body =
      e.from === 'bot' ? (
        <div class="sb-file">
          📄 <a href={`/sandbox/files/${encodeURIComponent(key)}`}>{name || '下载文件'}</a>
        </div>
      ) : (
        <div class="sb-file">📎 {name}</div>
      );
  } else if (e.msgType === 'post') body = <div class="sb-text">{postText(c)}</div>;
  else body = <div class="sb-text">[{e.msgType} 消息]</div>;
  const who = e.from === 'bot' ? '政务信息化项目助手' : e.openId === props.me ? '我' : props.name(e.openId ?? '');
  const time = new Date(e.time + 8 * 3600 * 1000).toISOString().slice(11, 19);
  return (
    <div class={`sb-msg ${e.from === 'user' ? 'user' : 'bot'}`} data-entry={e.id} data-rev={String(e.revision)}>
      <div class="sb-avatar">{e.from === 'bot' ? '助' : initial(who)}</div>
      <div class={e.msgType === 'interactive' ? 'sb-bubble sb-bubble-card' : 'sb-bubble'}>
        <div class="sb-meta">
          {who} · {time}
          {e.updated ? ' · 已更新' : ''}
        </div>
        {body}
      </div>
    </div>
  );
}

function postText(c: Record<string, unknown>): string {
  const post = (c.post ?? c) as Record<string, { title?: string; content?: { text?: string }[][] }>;
  const locale = post.zh_cn ?? Object.values(post)[0];
  if (!locale) return '';
  const lines = (locale.content ?? []).map((row) => row.map((x) => x.text ?? '').join(''));
  return [locale.title, ...lines].filter(Boolean).join('\n');
}

const SayBody = z.object({
  as: z.string().regex(/^ou_[0-9A-Za-z_]+$/),
  chat: z.string().regex(/^oc_[0-9A-Za-z_]+$/),
  text: z.string().min(1).max(4000),
});
const FileBody = z.object({ as: SayBody.shape.as, chat: SayBody.shape.chat, fileName: z.string().min(1).max(200) });
const TapBody = z.object({
  as: SayBody.shape.as,
  chat: SayBody.shape.chat,
  messageId: z.string().min(1),
  value: z.record(z.string(), z.unknown()),
  formValue: z.record(z.string(), z.unknown()).optional(),
  name: z.string().optional(),
});

/** The sandbox routes, mounted at /sandbox by createApp when config.sandbox is set. */
export function sandboxApp(ctx: AppContext, chat: SandboxChat): Hono {
  const app = new Hono();

  async function directory() {
    const { regions, people } = await listPeople(ctx.db);
    const byId = new Map(people.map((p) => [p.openId, p]));
    const name = (openId: string) => displayName(openId, byId.get(openId));
    return { regions, people, byId, name };
  }

  const fileName = (key: string) => chat.file(key)?.file_name;

  /** Chat choice: the one asked for if it is one of theirs, else their chat with the bot. */
  function pickChat(openId: string, person: DirectoryPerson | undefined, asked: string | undefined): ChatChoice {
    const chats = chatsOf(openId, person);
    return chats.find((c) => c.id === asked) ?? chats[0]!;
  }

  app.get('/', async (c) => {
    const dir = await directory();
    const as = c.req.query('as');
    if (!as || !/^ou_[0-9A-Za-z_]+$/.test(as)) {
      const groups = new Map<string, DirectoryPerson[]>();
      for (const p of dir.people) {
        const key = p.isAdmin ? '管理员' : (p.roles[0]?.regionName ?? '其他');
        groups.set(key, [...(groups.get(key) ?? []), p]);
      }
      return c.html(
        <Layout title="沙盒 · 选择身份">
          <div class="sb-top">
            <h1>飞书沙盒 · 政务信息化项目助手</h1>
            <div class="sb-banner">
              未配置飞书应用：机器人连接的是内置的模拟飞书，消息经真实的事件回调收发。先选择你是谁。
            </div>
          </div>
          <div class="sb-wrap sb-people">
            {[...groups.entries()].map(([region, people]) => (
              <>
                <h2>{region}</h2>
                {people.map((p) => (
                  <a href={`/sandbox?as=${encodeURIComponent(p.openId)}`} data-person={p.openId}>
                    {dir.name(p.openId)}
                    <small>{describePerson(p)}</small>
                  </a>
                ))}
              </>
            ))}
            <h2>其他</h2>
            <a href={`/sandbox?as=${SANDBOX_GUEST}`} data-person={SANDBOX_GUEST}>
              目录外人员
              <small>不在组织目录中的人，看看机器人怎么回答</small>
            </a>
            <p>
              <a href="/console">打开管理后台 →</a>
            </p>
          </div>
        </Layout>,
      );
    }
    const person = dir.byId.get(as);
    const current = pickChat(as, person, c.req.query('chat'));
    const entries = chat.timeline(as, current.id);
    // One-tap chips: the person's commands (as the help card lists them) typed exactly as written.
    const mine = new Set((await helpFor(ctx, as, COMMANDS)).map((e) => e.command));
    const commands = COMMANDS.filter(
      (cmd) => mine.has(cmd.command) && Array.isArray(cmd.match) && cmd.match.includes(cmd.command),
    ).map((cmd) => cmd.command);
    return c.html(
      <Layout title={`沙盒 · ${dir.name(as)}`}>
        <div class="sb-top">
          <h1>飞书沙盒 · 政务信息化项目助手</h1>
          <form method="get" action="/sandbox">
            <label for="as">我是</label>
            <select id="as" name="as" onchange="this.form.chat.value='';this.form.submit()" aria-label="我是">
              {dir.people.map((p) => (
                <option value={p.openId} selected={p.openId === as}>
                  {dir.name(p.openId)} — {p.isAdmin ? '管理员' : p.roles.map(describeRole).join('；')}
                </option>
              ))}
              <option value={SANDBOX_GUEST} selected={as === SANDBOX_GUEST}>
                目录外人员
              </option>
            </select>
            <select name="chat" onchange="this.form.submit()" aria-label="会话">
              {chatsOf(as, person).map((ch) => (
                <option value={ch.id} selected={ch.id === current.id}>
                  {ch.label}
                </option>
              ))}
            </select>
            <a href={`/console/sandbox-login?as=${encodeURIComponent(as)}`}>管理后台</a>
          </form>
          <div class="sb-banner">
            我是 {dir.name(as)}：{person ? describePerson(person) : '不在组织目录中'}。
            {current.type === 'group' ? '群聊中发言会 @机器人。' : ''}
          </div>
        </div>
        <div class="sb-wrap" id="sb" data-as={as} data-chat={current.id} data-version={chat.version(as, current.id)}>
          <div id="timeline">
            {entries.map((e) => (
              <EntryView e={e} me={as} name={dir.name} fileName={fileName} />
            ))}
          </div>
          {entries.length === 0 ? (
            <p class="sb-empty" id="empty">
              还没有消息。发一句“帮助”或点下面的“申报”试试。
            </p>
          ) : null}
        </div>
        <div class="sb-composer">
          <div class="sb-chips">
            {commands.map((cmd) => (
              <button type="button" class="sb-chip" data-say={cmd}>
                {cmd}
              </button>
            ))}
          </div>
          <form id="composer" class="row" autocomplete="off">
            <label class="sb-attach" title="发送文件（作为申报材料）">
              📎
              <input type="file" id="file" hidden />
            </label>
            <input type="text" id="text" name="text" placeholder="发消息给机器人，例如：申报" enterkeyhint="send" />
            <button class="sb-send" type="submit">
              发送
            </button>
          </form>
        </div>
        <div id="toast" class="sb-toast" role="status" />
        <script>{raw(SCRIPT)}</script>
      </Layout>,
    );
  });

  app.get('/api/timeline', async (c) => {
    const as = c.req.query('as') ?? '';
    const chatId = c.req.query('chat') ?? '';
    const version = chat.version(as, chatId);
    if (version === c.req.query('v')) return c.json({ version });
    const dir = await directory();
    const entries = await Promise.all(
      chat.timeline(as, chatId).map(async (e) => ({
        id: e.id,
        rev: e.revision,
        html: String(await (<EntryView e={e} me={as} name={dir.name} fileName={fileName} />).toString()),
      })),
    );
    return c.json({ version, entries });
  });

  app.post('/api/say', async (c) => {
    const b = SayBody.safeParse(await c.req.json().catch(() => null));
    if (!b.success) return c.json({ error: '消息格式不对' }, 400);
    const dir = await directory();
    const person = dir.byId.get(b.data.as);
    const target = pickChat(b.data.as, person, b.data.chat);
    const people = dir.people.map((p) => ({ openId: p.openId, name: dir.name(p.openId) }));
    const r = await chat.say({
      openId: b.data.as,
      chatId: target.id,
      chatType: target.type,
      text: b.data.text,
      people,
    });
    return c.json(r.status === 200 ? { ok: true } : { error: `机器人的事件回调返回 ${r.status}` });
  });

  app.post('/api/file', async (c) => {
    const b = FileBody.safeParse(await c.req.json().catch(() => null));
    if (!b.success) return c.json({ error: '文件信息不对' }, 400);
    const dir = await directory();
    const target = pickChat(b.data.as, dir.byId.get(b.data.as), b.data.chat);
    const r = await chat.sendFile({
      openId: b.data.as,
      chatId: target.id,
      chatType: target.type,
      fileName: b.data.fileName,
    });
    return c.json(r.status === 200 ? { ok: true } : { error: `机器人的事件回调返回 ${r.status}` });
  });

  app.post('/api/tap', async (c) => {
    const b = TapBody.safeParse(await c.req.json().catch(() => null));
    if (!b.success) return c.json({ toast: { type: 'error', content: '请求格式不对' } }, 400);
    const answer = await chat.tap({
      openId: b.data.as,
      chatId: b.data.chat,
      messageId: b.data.messageId,
      value: b.data.value,
      formValue: b.data.formValue,
      name: b.data.name,
    });
    if (answer.status !== 200)
      return c.json({ toast: { type: 'error', content: `出错了，请稍后重试（回调返回 ${answer.status}）` } });
    const slow =
      answer.elapsedMs > 3000
        ? { type: 'warning', content: `回调用了 ${answer.elapsedMs} ms，超过飞书的 3 秒：飞书中会提示失败` }
        : undefined;
    return c.json({ toast: slow ?? answer.toast, card: Boolean(answer.card), elapsedMs: answer.elapsedMs });
  });

  app.get('/files/:key', (c) => {
    const f = chat.file(c.req.param('key'));
    if (!f) return c.text('没有这个文件', 404);
    return new Response(new Uint8Array(f.data), {
      headers: {
        'content-type': 'application/octet-stream',
        'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent(f.file_name)}`,
      },
    });
  });

  return app;
}
