/**
 * Citations of a pack's document: an article's text, a quote checked against it, whether the
 * document is in force on a date (with the caveat shown beside a quote), and how it names roles.
 */
import { chineseDate, parseLocalDate } from '../calendar.js';
import { articleLabel } from './articles.js';
import type { Article, ArticleNo, LocalDate, Role, RulePack } from './types.js';

function articleOf(pack: RulePack, no: ArticleNo): Article {
  const a = pack.articles.find((x) => x.no === no);
  if (!a) throw new Error(`${pack.id}: no article ${articleLabel(no)} (${no})`);
  return a;
}

export function citation(pack: RulePack, article: number): { label: string; text: string; title: string } {
  const a = articleOf(pack, article);
  return { label: a.label, text: a.text, title: pack.identity.title };
}

export type ValidityStatus = 'in_force' | 'trial' | 'expired_trial' | 'draft' | 'not_yet_in_force';

/**
 * Whether the pack's document is in force on a date, with a Chinese note. `not_yet_in_force`
 * (a date before the document took effect) is the only status beyond the four in the brief.
 */
export function packValidity(pack: RulePack, on: LocalDate): { status: ValidityStatus; note: string } {
  const { title, status } = pack.identity;
  const day = parseLocalDate(on);
  const caveat = '以下规则仅供参考';
  switch (status.kind) {
    case 'draft':
      return { status: 'draft', note: `《${title}》为征求意见稿，尚未正式施行，${caveat}` };
    case 'in_force':
      if (day < status.since) {
        return {
          status: 'not_yet_in_force',
          note: `《${title}》自${chineseDate(status.since)}起施行，${chineseDate(day)}尚未施行，${caveat}`,
        };
      }
      return { status: 'in_force', note: `《${title}》自${chineseDate(status.since)}起施行，现行有效` };
    case 'trial': {
      const art = articleLabel(status.article);
      if (day < status.since) {
        return {
          status: 'not_yet_in_force',
          note: `《${title}》为试行办法，自${chineseDate(status.since)}起试行，${chineseDate(day)}尚未施行（${art}），${caveat}`,
        };
      }
      if (day > status.until) {
        return {
          status: 'expired_trial',
          note: `《${title}》为试行办法，有效期至${chineseDate(status.until)}，已过期（${art}），${caveat}`,
        };
      }
      return {
        status: 'trial',
        note: `《${title}》为试行办法，自${chineseDate(status.since)}起试行，有效期至${chineseDate(status.until)}（${art}）`,
      };
    }
  }
}

/** The document's validity without reference to a date, for docs: 试行，有效期至2025年5月8日（第四十三条）. */
export function describeStatus(pack: RulePack): string {
  const s = pack.identity.status;
  switch (s.kind) {
    case 'in_force':
      return `自${chineseDate(s.since)}起施行`;
    case 'trial':
      return `试行，自${chineseDate(s.since)}起，有效期至${chineseDate(s.until)}（${articleLabel(s.article)}）`;
    case 'draft':
      if (!s.note) return '征求意见稿，尚未施行';
      return s.note.startsWith('征求意见稿')
        ? s.note.replace(/[。；;]$/, '')
        : `征求意见稿：${s.note.replace(/[。；;]$/, '')}`;
  }
}

/**
 * `《title》第X条：“quote”`. Throws when the quote is not in the article (a pack error). When the
 * document is not in force — on `on` if given; a draft or trial pack otherwise — the validity is
 * added after the quote: `（注：该办法为试行办法，有效期至2025年5月8日，已过期（第四十三条），仅供参考）`.
 */
export function quoteOf(pack: RulePack, article: number, quote: string, on?: LocalDate): string {
  const a = articleOf(pack, article);
  if (!a.text.includes(quote)) throw new Error(`${pack.id}: ${a.label} does not contain “${quote}”`);
  const base = `《${pack.identity.title}》${a.label}：“${quote}”`;
  const note = validityCaveat(pack, on);
  return note ? `${base}（注：${note}）` : base;
}

function validityCaveat(pack: RulePack, on?: LocalDate): string | null {
  const s = pack.identity.status;
  if (on !== undefined) {
    const v = packValidity(pack, on);
    if (v.status === 'in_force') return null;
    return v.note.replace(`《${pack.identity.title}》`, '该办法').replace(/，以下规则仅供参考$/, '，仅供参考');
  }
  if (s.kind === 'draft') return '该办法为征求意见稿，尚未正式施行，仅供参考';
  if (s.kind === 'trial') return `该办法为试行办法，有效期至${chineseDate(s.until)}（${articleLabel(s.article)}）`;
  return null;
}

/** How the pack names a role: roleNames, or a generic name. */
export function roleName(pack: RulePack, role: Role): string {
  const generic: Record<Role, string> = {
    unit: '项目建设单位',
    reviewer: '主管部门',
    joint_reviewer: '会同审核部门',
    approver: '审批机关',
    finance: '财政部门',
    audit: '审计部门',
    leading_group: '领导小组',
  };
  return pack.roleNames[role] ?? generic[role];
}
