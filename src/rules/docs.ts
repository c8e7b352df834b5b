/**
 * Renders docs/rules.md from the rule packs: every rule of every region with the article it rests
 * on and the words it quotes. `scripts/generate-rules-doc.ts` writes the file; a test fails when
 * the file and the packs disagree. Deterministic: no dates other than the packs' own.
 */
import { chineseDate } from '../calendar.js';
import { articleLabel } from './articles.js';
import {
  LIMIT_TYPE_NAMES,
  describeCondition,
  describeDuration,
  describeStatus,
  describeTimeLimit,
  describeTrigger,
  laterOfPhrase,
  roleName,
} from './engine.js';
import { packChanges, supersededPack } from './versions.js';
import type { ArticleNo, Material, RulePack, Role } from './types.js';

const UNIT_NOTES = {
  working_days: '按工作日计',
  days: '按自然日计',
  months: '按月计，到期月无对应日的以月末为准',
  years: '按年计',
} as const;

/** Escapes the few characters Markdown would read as markup. */
function md(text: string): string {
  return text
    .replace(/\r?\n/g, ' ')
    .replace(/([\\`*_[\]])/g, '\\$1')
    .replace(/<(?=[A-Za-z/!?])/g, '\\<');
}

function cite(article: ArticleNo, quote?: string): string {
  return quote ? `${articleLabel(article)}：“${md(quote)}”` : articleLabel(article);
}

function renderMaterial(pack: RulePack, m: Material, indent: string): string[] {
  const parts = [`${md(m.name)}（\`${m.id}\`）`];
  if (m.precondition) parts.push('【申报前置条件】');
  const lines = [`${indent}- ${parts.join('')}`];
  if (m.contents?.length) lines.push(`${indent}  - 内容：${m.contents.map(md).join('；')}`);
  if (m.when) lines.push(`${indent}  - 仅当：${md(describeCondition(m.when, pack))}`);
  lines.push(`${indent}  - 依据：${cite(m.article, m.quote)}`);
  return lines;
}

function roleList(pack: RulePack, roles: readonly Role[]): string {
  return roles.map((r) => md(roleName(pack, r))).join('、');
}

const CHANGE_NAMES = { added: '新增', removed: '删除', changed: '修改' } as const;

/** What a version changed against the version it supersedes (when that one is among `packs`). */
function renderChanges(pack: RulePack, packs: readonly RulePack[]): string[] {
  const older = supersededPack(packs, pack);
  if (!older) return [];
  const out = [`### 与上一版本（\`${older.id}\`，${md(older.version.label)}）相比的变化`, ''];
  const changes = packChanges(older, pack);
  if (changes.length === 0) out.push('（无变化）');
  for (const c of changes) {
    out.push(`- ${CHANGE_NAMES[c.change]}${md(c.kind)}：${md(c.name)}（\`${c.id}\`）`);
    if (c.change === 'changed') out.push(`  - 原：${md(c.before!)}`, `  - 现：${md(c.after!)}`);
  }
  out.push('');
  return out;
}

function renderPack(pack: RulePack, packs: readonly RulePack[] = []): string[] {
  const out: string[] = [];
  const { identity } = pack;
  const eventLabel = (id: string) => pack.events.find((e) => e.id === id)?.label ?? id;

  out.push(`## ${md(pack.region.name)}：《${md(identity.title)}》`, '');
  out.push(`- 规则包：\`${pack.id}\`（地区 \`${pack.region.id}\`）`);
  out.push(
    `- 版本：${md(pack.version.label)}${pack.version.supersedes ? `，取代 \`${pack.version.supersedes}\`` : ''}（已申报的项目按申报时适用的版本办理）`,
  );
  if (identity.docNumber) out.push(`- 文号：${md(identity.docNumber)}`);
  out.push(`- 发布机关：${identity.issuer ? md(identity.issuer) : '（文本未署名）'}`);
  if (identity.issued) out.push(`- 印发日期：${chineseDate(identity.issued)}`);
  out.push(`- 效力：${md(describeStatus(pack))}`);
  if (identity.replaces) out.push(`- 替代：${md(identity.replaces)}`);
  out.push(`- 条文：共${pack.articles.length}条`);
  const roles = (Object.keys(pack.roleNames) as Role[]).map((r) => `${md(pack.roleNames[r]!)}（\`${r}\`）`);
  if (roles.length) out.push(`- 机构称谓：${roles.join('；')}`);
  if (pack.synonyms?.length) out.push(`- 同义词：${pack.synonyms.map((g) => g.map(md).join(' = ')).join('；')}`);
  out.push('');

  out.push('### 适用范围', '');
  if (pack.scope.exclusions.length === 0) out.push('（无不适用情形）');
  else out.push('以下项目不适用本办法：', '');
  for (const e of pack.scope.exclusions) {
    out.push(`- **${md(e.label)}**（\`${e.id}\`）`);
    out.push(`  - 关键词：${e.keywords.map(md).join('、')}`);
    if (e.unless) out.push(`  - 除外：${md(describeCondition(e.unless, pack))}`);
    out.push(`  - 依据：${cite(e.article, e.quote)}`);
  }
  out.push('');

  out.push('### 项目类型与申报材料', '');
  for (const k of pack.projectKinds) {
    const route = pack.routes.find((r) => r.id === k.route);
    out.push(`#### ${md(k.label)}（\`${k.id}\`）`, '');
    out.push(`- 依据：${cite(k.article)}`);
    out.push(`- 审批流程：${md(route?.name ?? k.route)}（\`${k.route}\`）`);
    if (k.form) {
      const form = pack.forms.find((f) => f.id === k.form);
      out.push(`- 表单：${md(form?.title ?? k.form)}（\`${k.form}\`）`);
    }
    out.push('- 申报材料：');
    if (k.materials.length === 0) out.push('  - （无）');
    for (const m of k.materials) out.push(...renderMaterial(pack, m, '  '));
    out.push('');
  }

  out.push('### 审批流程', '');
  const changeRoute = pack.changeRoute
    ? [{ ...pack.changeRoute, name: `变更（调整）审批：${pack.changeRoute.name}` }]
    : [];
  for (const r of [...pack.routes, ...changeRoute]) {
    out.push(`#### ${md(r.name)}（\`${r.id}\`）`, '');
    out.push(`- 依据：${cite(r.article)}`);
    out.push(`- 退回修改后：${r.resubmitFrom === 'start' ? '从头重新报送' : '回到退回的环节'}`);
    out.push('');
    r.steps.forEach((s, i) => {
      out.push(`${i + 1}. **${md(s.name)}**（\`${s.id}\`）`);
      const others = (s.jointRoles ?? []).filter((r) => r !== s.role);
      const who = others.length
        ? `${md(roleName(pack, s.role))}会同${roleList(pack, others)}（${s.mode === 'all' ? '会签：各部门均须同意' : '或签：一个部门同意即可'}）`
        : md(roleName(pack, s.role));
      out.push(`   - 办理：${who}`);
      out.push(`   - 产出：${md(s.produces)}`);
      if (s.skipWhen) out.push(`   - 跳过：${md(describeCondition(s.skipWhen, pack))}`);
      out.push(`   - 依据：${cite(s.article, s.quote)}`);
    });
    out.push('');
  }

  out.push('### 生命周期事件', '');
  out.push(
    pack.events.length
      ? pack.events
          .map((e) => {
            const sets = e.establishes
              ? `，报告后视为“${md(describeCondition({ fact: e.establishes.fact, op: '==', value: e.establishes.value }, pack))}”（${cite(e.establishes.article)}）`
              : '';
            return `${md(e.label)}（\`${e.id}\`${sets}）`;
          })
          .join('；')
      : '（无）',
    '',
  );

  out.push('### 阶段', '');
  for (const s of pack.stages) {
    out.push(`#### ${md(s.name)}（\`${s.id}\`）`, '');
    out.push(`- 依据：${cite(s.article)}`);
    out.push(`- 完成标志：${md(eventLabel(s.completedBy))}（\`${s.completedBy}\`）`);
    if (s.notBefore) {
      const anchors = [s.notBefore.event, ...(s.notBefore.alsoAfter ?? [])];
      const anchor = anchors.length > 1 ? laterOfPhrase(anchors, pack) : `“${eventLabel(s.notBefore.event)}”`;
      out.push(`- 最早：${md(anchor)}满${describeDuration(s.notBefore.offset)}后（${cite(s.notBefore.article)}）`);
    }
    for (const r of s.requires ?? []) {
      out.push(`- 前提：${md(r.message)}（条件：${md(describeCondition(r.condition, pack))}；${cite(r.article)}）`);
    }
    if (s.materials.length) {
      out.push('- 材料：');
      for (const m of s.materials) out.push(...renderMaterial(pack, m, '  '));
    }
    out.push('');
  }

  out.push('### 时限', '');
  if (pack.timeLimits.length === 0) out.push('（无）', '');
  for (const l of pack.timeLimits) {
    out.push(`- **${md(l.obligation)}**（\`${l.id}\`）：${md(describeTimeLimit(l, pack))}`);
    out.push(`  - 类型：${LIMIT_TYPE_NAMES[l.type]}（\`${l.type}\`）`);
    out.push(`  - 起算：${md(describeTrigger(l.trigger, pack))}`);
    const len = l.until ? `${describeDuration(l.offset)}至${describeDuration(l.until)}` : describeDuration(l.offset);
    out.push(
      `  - 时长：${l.offset.amount === 0 && !l.until ? '无（期限即起算日）' : `${len}（${UNIT_NOTES[l.offset.unit]}）`}`,
    );
    out.push(`  - 责任：${md(roleName(pack, l.responsible))}`);
    if (l.when) out.push(`  - 适用：${md(describeCondition(l.when, pack))}`);
    if (l.extensionArticle !== undefined) out.push(`  - 可延期：${cite(l.extensionArticle)}`);
    out.push(`  - 依据：${cite(l.article, l.quote)}`);
    if (l.note) out.push(`  - 解读：${md(l.note)}`);
  }
  if (pack.timeLimits.length) out.push('');

  out.push('### 合规检查', '');
  if (pack.checks.length === 0) out.push('（无）', '');
  for (const c of pack.checks) {
    out.push(`- **${c.level === 'blocker' ? '阻断' : '提醒'}** ${md(c.message)}（\`${c.id}\`）`);
    out.push(`  - 条件：${md(describeCondition(c.when, pack))}`);
    out.push(`  - 依据：${cite(c.article, c.quote)}`);
    if (c.note) out.push(`  - 解读：${md(c.note)}`);
  }
  if (pack.checks.length) out.push('');

  if (pack.duties?.length) {
    out.push('### 其他职责（无时限、无检查项）', '');
    for (const d of pack.duties) {
      const who = [d.responsible, ...(d.with ?? [])].map((r) => md(roleName(pack, r))).join('、');
      out.push(`- **${md(d.obligation)}**（\`${d.id}\`）`);
      out.push(`  - 责任：${who}`);
      out.push(`  - 依据：${cite(d.article, d.quote)}`);
      if (d.note) out.push(`  - 解读：${md(d.note)}`);
    }
    out.push('');
  }

  out.push('### 责任追究', '');
  if (pack.consequences.length === 0) out.push('（无）');
  for (const r of [...pack.consequences].sort((a, b) => a.rung - b.rung)) {
    out.push(`${r.rung}. **${md(r.name)}** — ${cite(r.article, r.quote)}`);
  }
  out.push('');

  out.push(...renderChanges(pack, packs));

  if (pack.forms.length) {
    out.push('### 表单', '');
    for (const f of pack.forms) {
      out.push(`- **${md(f.title)}**（\`${f.id}\`，${cite(f.article)}）`);
      out.push(`  - 栏目：${f.fields.map((x) => md(x.label) + (x.stamp ? '（盖章/签字）' : '')).join('、')}`);
      if (f.lineItems)
        out.push(`  - 明细（${f.lineItems.rows}行）：${f.lineItems.columns.map((x) => md(x.label)).join('、')}`);
      for (const n of f.notes) out.push(`  - 说明：${md(n)}`);
    }
    out.push('');
  }
  return out;
}

/** docs/rules.md for the given packs. */
export function renderRulesMarkdown(packs: readonly RulePack[]): string {
  const out: string[] = [
    '# 规则手册',
    '',
    '> 本文件由 `npm run rules:doc` 根据 `src/rules/packs/` 中的规则包生成，请勿手工修改。',
    '> 每条规则都注明所依据的条款，并引用条文原话。时限的计算口径见 `src/calendar.ts`：事件当日不计入，',
    '> 第1个工作日为其后第一个工作日；按月、按年计算的，到期月没有对应日期的，以该月最后一日为准。',
    '',
  ];
  for (const p of packs) out.push(`- ${md(p.region.name)}：《${md(p.identity.title)}》（${md(describeStatus(p))}）`);
  out.push('');
  for (const p of packs) out.push(...renderPack(p, packs));
  return out
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .replace(/\n*$/, '\n');
}
