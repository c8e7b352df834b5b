/** A console session for a test bot (a configured Feishu app): the web OAuth dance against the fake Lark. */
import type { TestBot } from './harness.js';

const cookiesOf = (res: Response) => res.headers.getSetCookie().map((c) => c.split(';')[0]!);

/** The `cookie` header of someone signed in to the console as `openId`. */
export async function consoleCookie(bot: TestBot, openId: string): Promise<string> {
  bot.fake.loginAs(openId);
  const start = await fetch(`${bot.url}/console/login?go=1`, { redirect: 'manual' });
  const approved = await fetch(start.headers.get('location')!, { redirect: 'manual' });
  const callback = await fetch(approved.headers.get('location')!, {
    headers: { cookie: cookiesOf(start).join('; ') },
    redirect: 'manual',
  });
  const session = cookiesOf(callback).find((c) => c.startsWith('zw_console='));
  if (!session) throw new Error(`console sign-in as ${openId} failed: ${callback.status}`);
  return session;
}
