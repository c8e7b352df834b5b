/**
 * From a declaration to the engine's facts, and from the facts to what the pack says about it:
 * the checks that fire (blockers and warnings, with article and quote), the precondition materials
 * still missing, and the scope exclusions the text mentions.
 */
import { requiredMaterials, runChecks, scopeExclusions, type Finding, type ProjectFacts } from '../rules/engine.js';
import type { Condition, Material, RulePack } from '../rules/types.js';
import { lineItems } from './amounts.js';
import { allFields, declarationForm } from './form.js';
import { fiscalFundsFen, investmentFen } from './summary.js';
import type { DeclarationForm } from './types.js';

function kindOf(pack: RulePack, kindId: string) {
  const kind = pack.projectKinds.find((k) => k.id === kindId);
  if (!kind) throw new Error(`${pack.id}: no project kind "${kindId}"`);
  return kind;
}

const bare = (s: string) => s.replace(/[《》]/g, '');

/**
 * The kind's materials that ARE the prescribed form the bot fills in (金寨 《…申报表》（附件1）):
 * a material whose name holds the form's title, or a name the pack's synonyms give for it.
 */
export function formMaterialIds(pack: RulePack, form: DeclarationForm): string[] {
  if (!form.formId) return [];
  const title = form.title;
  const names = new Set<string>([title]);
  for (const group of pack.synonyms ?? [])
    if (group.some((s) => bare(s) === title)) for (const s of group) names.add(bare(s));
  return kindOf(pack, form.kindId)
    .materials.filter((m) => [...names].some((n) => n.length >= 4 && bare(m.name).includes(n)))
    .map((m) => m.id);
}

/** The free text keyword conditions read: the project name, the descriptions and the line items' text. */
export function declarationText(form: DeclarationForm, values: Record<string, string>): string {
  const parts: string[] = [];
  for (const f of allFields(form)) {
    if (f.role === 'project_name' || f.role === 'description') parts.push(values[f.id] ?? '');
  }
  const items = lineItems(form, values);
  if (items) {
    const textCols = items.columns.filter((c) => c.role === 'item');
    for (const r of items.rows) for (const c of textCols) parts.push(r.cells[c.id] ?? '');
  }
  return parts
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .join('\n');
}

export function factsOf(
  pack: RulePack,
  form: DeclarationForm,
  values: Record<string, string>,
  attachedMaterialIds: string[],
): ProjectFacts {
  const facts: ProjectFacts = { kind: form.kindId };
  const inv = investmentFen(form, values);
  if (inv !== null) {
    facts.investmentWan = inv / 1_000_000;
    const fiscal = fiscalFundsFen(form, values);
    if (fiscal !== null) facts.fiscalFundsWan = fiscal / 1_000_000;
  }
  facts.text = declarationText(form, values);
  for (const f of allFields(form)) {
    if (!f.fact || f.type !== 'boolean') continue;
    const v = values[f.id];
    if (v === 'true' || v === 'false') (facts as Record<string, unknown>)[f.fact] = v === 'true';
  }
  facts.materials = [...new Set([...attachedMaterialIds, ...formMaterialIds(pack, form)])];
  return facts;
}

/** Material ids a condition asks to be attached (hasMaterial, materials == / in). */
function materialsNamed(c: Condition, out: Set<string>): Set<string> {
  if ('all' in c) c.all.forEach((x) => materialsNamed(x, out));
  else if ('any' in c) c.any.forEach((x) => materialsNamed(x, out));
  else if ('not' in c) materialsNamed(c.not, out);
  else if ('hasMaterial' in c) out.add(c.hasMaterial);
  else if ('fact' in c && c.fact === 'materials') {
    for (const v of Array.isArray(c.value) ? c.value : [c.value]) out.add(String(v));
  }
  return out;
}

export function complianceFindings(
  pack: RulePack,
  form: DeclarationForm,
  values: Record<string, string>,
  attachedMaterialIds: string[],
): { blockers: Finding[]; warnings: Finding[]; outOfScope: { label: string; article: number; quote: string }[] } {
  const facts = factsOf(pack, form, values, attachedMaterialIds);
  const fired = runChecks(pack, facts);
  const blockers = fired.filter((f) => f.level === 'blocker');
  const warnings = fired.filter((f) => f.level === 'warning');

  // A precondition material still missing blocks the declaration, unless a fired check already says so.
  const covered = new Set<string>();
  for (const f of blockers) {
    const check = pack.checks.find((c) => c.id === f.id);
    if (check) materialsNamed(check.when, covered);
  }
  const have = new Set(facts.materials ?? []);
  for (const m of requiredMaterials(pack, form.kindId, facts)) {
    if (!m.precondition || have.has(m.id) || covered.has(m.id)) continue;
    blockers.push({
      id: `material_${m.id}`,
      level: 'blocker',
      message: `“${m.name}”是申报的前置条件，须先取得并附上`,
      article: m.article,
      quote: m.quote ?? '',
    });
  }

  const outOfScope = scopeExclusions(pack, facts.text ?? '').map((e) => ({
    label: e.label,
    article: e.article,
    quote: e.quote,
  }));
  return { blockers, warnings, outOfScope };
}

export type MaterialStatus = { material: Material; attached: boolean; generated: boolean };

/** The kind's declaration materials for these values, each with whether it is attached (or is the form itself). */
export function declarationMaterials(
  pack: RulePack,
  form: DeclarationForm,
  values: Record<string, string>,
  attachedMaterialIds: string[],
): MaterialStatus[] {
  return materialStatus(pack, form, factsOf(pack, form, values, attachedMaterialIds), attachedMaterialIds);
}

/**
 * A submitted project's materials, counted as the unit's review card counted them: the same list,
 * the form the bot generates (申报表) as attached. Every card and page shows this one count.
 */
export function projectMaterialStatus(
  pack: RulePack,
  kindId: string,
  facts: ProjectFacts,
  attachedMaterialIds: string[],
): MaterialStatus[] {
  return materialStatus(pack, declarationForm(pack, kindId), facts, attachedMaterialIds);
}

function materialStatus(
  pack: RulePack,
  form: DeclarationForm,
  facts: ProjectFacts,
  attachedMaterialIds: string[],
): MaterialStatus[] {
  const generated = new Set(formMaterialIds(pack, form));
  const attached = new Set(attachedMaterialIds);
  return requiredMaterials(pack, form.kindId, facts).map((m) => ({
    material: m,
    attached: attached.has(m.id) || generated.has(m.id),
    generated: generated.has(m.id),
  }));
}
