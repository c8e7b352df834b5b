/**
 * Secrets out of messages and log lines: the password of any URL (`postgres://user:pw@host` →
 * `postgres://user:***@host`) and the configured secret values wherever they appear (an error that
 * quotes the App Secret or a driver message that quotes DATABASE_URL).
 */

/** Values shorter than this are not hunted for: replacing `a` everywhere would garble the line, not protect it. */
const MIN_SECRET_LENGTH = 4;

const URL_PASSWORD = /\b([a-z][a-z0-9+.-]*:\/\/[^\s:/@]*:)[^\s@/]+@/gi;

/** The secrets a configuration holds: the Feishu app's, the LLM key, the database password (raw and decoded). */
export function secretsOf(c: {
  lark?: { appSecret: string; verificationToken: string; encryptKey?: string };
  llm?: { apiKey?: string };
  databaseUrl?: string;
}): string[] {
  const out = [c.lark?.appSecret, c.lark?.verificationToken, c.lark?.encryptKey, c.llm?.apiKey];
  if (c.databaseUrl) {
    try {
      const password = new URL(c.databaseUrl).password;
      out.push(password);
      out.push(decodeURIComponent(password));
    } catch {
      // Not a URL the parser reads: the URL pattern below still hides its password.
    }
  }
  return out.filter((s): s is string => typeof s === 'string' && s.length >= MIN_SECRET_LENGTH);
}

/** `text` with URL passwords and every one of `secrets` replaced by `***`. */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text.replace(URL_PASSWORD, '$1***@');
  for (const s of [...secrets].sort((a, b) => b.length - a.length)) out = out.split(s).join('***');
  return out;
}

/** A log function that redacts every line before passing it on. */
export function redactingLog(log: (line: string) => void, secrets: readonly string[]): (line: string) => void {
  return (line) => log(redact(line, secrets));
}
