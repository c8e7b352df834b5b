/** The 项目库 export's reads: every project of a region the viewer sees, and the regions they may export. */
import { asc, eq, inArray } from 'drizzle-orm';
import { projects, regions, units } from '../../../db/schema/index.js';
import type { AppContext } from '../../context.js';
import { packById } from '../../rules/packs/index.js';
import { stageLabel } from '../../services/projects.js';
import { seesRegion, type Viewer } from '../scope.js';
import { channelFields } from './pipeline.js';
import { declaredFields } from './project.js';
import { visibleProjects, type Project } from './scoped.js';

export interface LibraryRow {
  project: Project;
  regionName: string;
  unitName: string;
  kindLabel: string;
  stage: string;
  fields: { label: string; value: string }[];
  channels: { label: string; yuan: number }[];
}

/** Every project of a region the viewer sees, with its declared fields, for the .xlsx 项目库. */
export async function regionLibrary(
  ctx: AppContext,
  v: Viewer,
  regionId: string,
): Promise<{ regionName: string; rows: LibraryRow[] } | null> {
  const [region] = await ctx.db.select().from(regions).where(eq(regions.id, regionId));
  if (!region) return null;
  const list = await visibleProjects(
    ctx,
    v,
    { p: projects, unitName: units.name },
    eq(projects.regionId, regionId),
  ).orderBy(asc(projects.number));
  if (list.length === 0 && !seesRegion(v, regionId)) return null;
  const fieldsByForm = channelFields(ctx.packs);
  const rows = list.map(({ p, unitName }) => {
    const pack = packById(p.policy, ctx.packs);
    const declared = declaredFields(pack, p);
    const kindLabel = declared?.kindLabel ?? p.kind;
    const fields = (declared?.lines ?? []).filter((l) => l.label !== '项目类型');
    const channels = (fieldsByForm.get(`${p.policy}/${p.kind}`) ?? []).map((f) => {
      const raw = String((p.fields as Record<string, unknown>)[f.key] ?? '');
      return { label: f.label, yuan: /^[0-9]+(\.[0-9]+)?$/.test(raw) ? Number(raw) * f.yuanPer : 0 };
    });
    return { project: p, regionName: region.name, unitName, kindLabel, stage: stageLabel(pack, p), fields, channels };
  });
  return { regionName: region.name, rows };
}

/** Regions the viewer can export: every region they see a project of, or see whole. */
export async function visibleRegions(
  ctx: AppContext,
  v: Viewer,
): Promise<{ id: string; name: string; policy: string }[]> {
  const all = await ctx.db
    .select({ id: regions.id, name: regions.name, policy: regions.policy })
    .from(regions)
    .orderBy(regions.id);
  if (v.isAdmin) return all;
  const unitRegions = v.unitIds.length
    ? (await ctx.db.select({ regionId: units.regionId }).from(units).where(inArray(units.id, v.unitIds))).map(
        (u) => u.regionId,
      )
    : [];
  return all.filter((r) => v.regionIds.includes(r.id) || unitRegions.includes(r.id));
}
