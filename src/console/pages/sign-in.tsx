/** @jsxImportSource hono/jsx */
/** The pages outside the console proper: sign-in, no access, not found. */
import { describePerson, type DirectoryPerson } from '../../org/people.js';
import { Page } from '../layout.js';
import type { Viewer } from '../scope.js';

export function LoginPage(props: {
  mode: 'sandbox' | 'feishu' | 'none';
  people?: DirectoryPerson[];
  name?: (openId: string) => string;
  next?: string;
  message?: string;
}) {
  return (
    <Page title="登录" sandbox={props.mode === 'sandbox'}>
      <h1>登录管理后台</h1>
      {props.message ? <p class="box">{props.message}</p> : null}
      {props.mode === 'feishu' ? (
        <p>
          <a
            class="btn primary"
            href={`/console/login?go=1${props.next ? `&next=${encodeURIComponent(props.next)}` : ''}`}
          >
            使用飞书登录
          </a>
        </p>
      ) : null}
      {props.mode === 'none' ? <p>未配置飞书应用，无法登录。配置方法见 README。</p> : null}
      {props.mode === 'sandbox' ? (
        <div class="people">
          <p class="muted">沙盒中没有飞书可供登录：选择以组织目录中的谁的身份查看。</p>
          {(props.people ?? []).map((p) => (
            <a href={`/console/sandbox-login?as=${encodeURIComponent(p.openId)}`} data-person={p.openId}>
              {props.name ? props.name(p.openId) : p.openId}
              <small>{describePerson(p)}</small>
            </a>
          ))}
        </div>
      ) : null}
    </Page>
  );
}

export function NoAccessPage(props: { openId: string; name: string; sandbox?: boolean }) {
  return (
    <Page title="无权访问" sandbox={props.sandbox}>
      <h1>无权访问</h1>
      <p>
        {props.name}（{props.openId}
        ）不在组织目录中，管理后台没有可以给你看的内容。请联系管理员把你加入所在的单位或部门（ORG_CONFIG）。
      </p>
      <p>
        <a href="/console/logout">换个账号</a>
      </p>
    </Page>
  );
}

export function NotFoundPage(props: { viewer?: Viewer; message: string; sandbox?: boolean }) {
  return (
    <Page title="未找到" viewer={props.viewer} sandbox={props.sandbox}>
      <h1>未找到</h1>
      <p>{props.message}</p>
    </Page>
  );
}
