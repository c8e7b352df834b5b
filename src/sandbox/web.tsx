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
import { p2pChatId, type SandboxChat, type TimelineEntry } from './chat.js';
import { displayName } from '../org/names.js';

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

const STYLE = `
*{box-sizing:border-box}
body{margin:0;font:15px/1.5 -apple-system,BlinkMacSystemFont,"PingFang SC","Microsoft YaHei","Noto Sans CJK SC",sans-serif;background:#f2f3f5;color:#1f2329}
a{color:#3370ff}
.sb-top{position:sticky;top:0;z-index:5;background:#fff;border-bottom:1px solid #dee0e3;padding:8px 12px}
.sb-top h1{font-size:16px;margin:0 0 6px}
.sb-top form{display:flex;flex-wrap:wrap;gap:6px;align-items:center}
.sb-top select{max-width:100%;font-size:14px;padding:4px}
.sb-banner{font-size:12px;color:#646a73;margin-top:4px}
.sb-wrap{max-width:760px;margin:0 auto;padding:12px 10px 140px}
.sb-msg{display:flex;margin:10px 0;gap:8px;align-items:flex-start}
.sb-msg.user{flex-direction:row-reverse}
.sb-avatar{flex:0 0 32px;height:32px;border-radius:50%;background:#3370ff;color:#fff;display:flex;align-items:center;justify-content:center;font-size:13px}
.sb-msg.user .sb-avatar{background:#34c724}
.sb-bubble{max-width:calc(100% - 44px);min-width:0}
.sb-meta{font-size:12px;color:#8f959e;margin-bottom:2px}
.sb-msg.user .sb-meta{text-align:right}
.sb-text{background:#fff;border-radius:8px;padding:8px 12px;white-space:pre-wrap;word-break:break-word}
.sb-msg.user .sb-text{background:#cce0ff}
.sb-file{background:#fff;border-radius:8px;padding:10px 12px;border:1px solid #dee0e3}
.sb-composer{position:fixed;left:0;right:0;bottom:0;background:#fff;border-top:1px solid #dee0e3;padding:8px 10px}
.sb-composer .row{max-width:760px;margin:0 auto;display:flex;gap:6px}
.sb-composer input[type=text]{flex:1;min-width:0;font-size:16px;padding:8px;border:1px solid #dee0e3;border-radius:6px}
.sb-chips{max-width:760px;margin:0 auto 6px;display:flex;gap:6px;flex-wrap:wrap}
.sb-chip{font-size:13px;border:1px solid #dee0e3;border-radius:14px;padding:2px 10px;background:#f5f6f7;cursor:pointer}
.sb-send{background:#3370ff;color:#fff;border:0;border-radius:6px;padding:0 14px;font-size:15px}
.sb-attach{border:1px solid #dee0e3;background:#fff;border-radius:6px;padding:0 10px;cursor:pointer;display:flex;align-items:center}
.sb-toast{position:fixed;left:50%;top:12px;transform:translateX(-50%);background:rgba(31,35,41,.9);color:#fff;padding:8px 16px;border-radius:6px;font-size:14px;display:none;z-index:30;max-width:90%;pointer-events:none}
.sb-toast.error{background:#f54a45}.sb-toast.success{background:#2ea121}.sb-toast.warning{background:#ff8800}
.sb-people h2{font-size:15px;margin:16px 0 6px}
.sb-people a{display:block;background:#fff;border-radius:8px;padding:8px 12px;margin:6px 0;text-decoration:none;color:#1f2329}
.sb-people a small{display:block;color:#646a73}
.sb-empty{color:#8f959e;text-align:center;margin:40px 0}
.lk-card{background:#fff;border:1px solid #dee0e3;border-radius:8px;overflow:hidden;max-width:560px}
.lk-header{color:#fff;padding:10px 12px}
.lk-title{font-weight:600;font-size:16px}
.lk-subtitle{font-size:13px;opacity:.9}
.lk-body{padding:10px 12px;display:flex;flex-direction:column;gap:8px}
.lk-md{word-break:break-word}
.lk-md ul,.lk-md ol{margin:2px 0;padding-left:20px}
.lk-md-gap{height:6px}
.lk-quote{margin:2px 0;padding:2px 10px;border-left:3px solid #dee0e3;color:#646a73}
.lk-md-h{font-weight:600;font-size:16px}
.lk-notation{font-size:12px;color:#646a73}
.lk-hr{border:0;border-top:1px solid #dee0e3;margin:2px 0;width:100%}
.lk-cols{display:flex;align-items:flex-start}
.lk-cols-flow{flex-wrap:wrap}
.lk-col{display:flex;flex-direction:column;gap:6px}
.lk-form{display:flex;flex-direction:column;gap:8px;margin:0}
.lk-field{display:flex;flex-direction:column;gap:2px;width:100%}
.lk-field-left{flex-direction:row;align-items:center;gap:8px}
.lk-label{font-size:13px;color:#1f2329}
.lk-field input,.lk-field textarea,.lk-field select{width:100%;font:inherit;font-size:15px;padding:6px 8px;border:1px solid #d0d3d6;border-radius:6px;background:#fff}
.lk-checker{display:flex;gap:6px;align-items:center}
.lk-btn{font:inherit;font-size:14px;padding:5px 14px;border-radius:6px;border:1px solid #d0d3d6;background:#fff;color:#1f2329;cursor:pointer;text-decoration:none;display:inline-block;text-align:center}
.lk-btn.lk-fill{width:100%}
.lk-btn-primary{color:#3370ff;border-color:#3370ff}
.lk-btn-danger{color:#f54a45;border-color:#f54a45}
.lk-btn-primary_filled{background:#3370ff;border-color:#3370ff;color:#fff}
.lk-btn-danger_filled{background:#f54a45;border-color:#f54a45;color:#fff}
.lk-btn-text{border-color:transparent;color:#3370ff}
.lk-btn[disabled]{opacity:.5;cursor:not-allowed}
.lk-panel summary{cursor:pointer;font-weight:600}
.lk-at{color:#3370ff}
.lk-table{border-collapse:collapse;font-size:13px}.lk-table td,.lk-table th{border:1px solid #dee0e3;padding:2px 6px}
.lk-unknown{color:#8f959e;font-size:12px}
code{background:#f2f3f5;padding:0 3px;border-radius:3px}
`;

/** The page's script: polling, sending, and turning taps into card callbacks. */
const SCRIPT = `
(function(){
  var root = document.getElementById('sb');
  if (!root) return;
  var as = root.dataset.as, chat = root.dataset.chat, version = root.dataset.version;
  var list = document.getElementById('timeline');
  var toastEl = document.getElementById('toast');
  var fast = 0;
  function toast(t){ if(!t) return; toastEl.textContent = t.content; toastEl.className = 'sb-toast ' + (t.type||''); toastEl.style.display='block'; clearTimeout(toast.h); toast.h = setTimeout(function(){ toastEl.style.display='none'; }, 3000); }
  function post(url, body){ return fetch(url, {method:'POST', headers:{'content-type':'application/json'}, body: JSON.stringify(body)}).then(function(r){ return r.json().catch(function(){ return {}; }); }); }
  function nearBottom(){ return window.innerHeight + window.scrollY >= document.body.scrollHeight - 200; }
  function refresh(){
    return fetch('/sandbox/api/timeline?as=' + encodeURIComponent(as) + '&chat=' + encodeURIComponent(chat) + '&v=' + encodeURIComponent(version))
      .then(function(r){ return r.json(); })
      .then(function(d){
        if (!d || d.version === version) return;
        var stick = nearBottom(); var added = false;
        version = d.version;
        var keep = {};
        d.entries.forEach(function(e, i){
          keep[e.id] = 1;
          var el = list.querySelector('[data-entry="' + e.id + '"]');
          if (el && el.dataset.rev === String(e.rev)) return;
          var tmp = document.createElement('div'); tmp.innerHTML = e.html; var fresh = tmp.firstElementChild;
          if (el) el.replaceWith(fresh); else { list.appendChild(fresh); added = true; }
        });
        Array.prototype.slice.call(list.querySelectorAll('[data-entry]')).forEach(function(el){ if (!keep[el.dataset.entry]) el.remove(); });
        var empty = document.getElementById('empty'); if (empty && d.entries.length) empty.remove();
        if (added && (stick || fast > 0)) window.scrollTo(0, document.body.scrollHeight);
      }).catch(function(){});
  }
  function loop(){ refresh().then(function(){ setTimeout(loop, fast > 0 ? (fast--, 300) : 1500); }); }
  function soon(){ fast = 15; refresh(); }
  document.getElementById('composer').addEventListener('submit', function(ev){
    ev.preventDefault();
    var input = document.getElementById('text'); var text = input.value.trim(); if (!text) return;
    input.value = '';
    post('/sandbox/api/say', {as: as, chat: chat, text: text}).then(function(r){ if (r && r.error) toast({type:'error', content: r.error}); soon(); });
  });
  Array.prototype.slice.call(document.querySelectorAll('[data-say]')).forEach(function(b){
    b.addEventListener('click', function(){ post('/sandbox/api/say', {as: as, chat: chat, text: b.dataset.say}).then(soon); });
  });
  var file = document.getElementById('file');
  if (file) file.addEventListener('change', function(){
    var f = file.files && file.files[0]; if (!f) return;
    post('/sandbox/api/file', {as: as, chat: chat, fileName: f.name}).then(soon); file.value = '';
  });
  function formValue(form){
    var out = {};
    Array.prototype.slice.call(form.querySelectorAll('[name]')).forEach(function(el){
      var tag = el.dataset.lkTag, name = el.getAttribute('name');
      if (!name || !tag) return;
      if (tag === 'checker') out[name] = el.checked;
      else if (tag === 'date_picker') out[name] = el.value ? el.value + ' +0800' : '';
      else if (tag === 'multi_select_static' || tag === 'multi_select_person') out[name] = Array.prototype.slice.call(el.selectedOptions).map(function(o){ return o.value; });
      else out[name] = el.value;
    });
    return out;
  }
  list.addEventListener('click', function(ev){
    var b = ev.target.closest && ev.target.closest('[data-lk-button]');
    if (!b || b.disabled) return;
    var card = b.closest('[data-lk-card]'); if (!card) return;
    var action = b.dataset.formAction, form = b.closest('form');
    if (action === 'reset') { if (form) form.reset(); return; }
    if (!b.dataset.value) return;
    if (action === 'submit' && form && !form.reportValidity()) return;
    if (b.dataset.confirmTitle && !window.confirm(b.dataset.confirmTitle + (b.dataset.confirmText ? '\\n' + b.dataset.confirmText : ''))) return;
    var body = {as: as, chat: chat, messageId: card.dataset.lkCard, value: JSON.parse(b.dataset.value)};
    if (b.dataset.name) body.name = b.dataset.name;
    if (action === 'submit' && form) body.formValue = formValue(form);
    b.disabled = true;
    post('/sandbox/api/tap', body).then(function(r){ b.disabled = false; toast(r.toast); soon(); }, function(){ b.disabled = false; toast({type:'error', content:'网络错误'}); });
  });
  window.scrollTo(0, document.body.scrollHeight);
  loop();
})();
`;

function Layout(props: { title: string; children: Child }) {
  return (
    <>
      {raw('<!DOCTYPE html>')}
      <html lang="zh-CN">
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <title>{props.title}</title>
          <style>{raw(STYLE)}</style>
        </head>
        <body>{props.children}</body>
      </html>
    </>
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
      <div class="sb-bubble">
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
    // One-tap chips: the commands typed exactly as written (no arguments).
    const commands = COMMANDS.filter(
      (cmd) => Array.isArray(cmd.match) && (cmd.match as readonly string[]).includes(cmd.command),
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
