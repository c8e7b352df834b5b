/**
 * What a console user may see, from the directory: an admin everything; a member or leader of an
 * office (reviewer, approver, finance …) the whole of its region; a unit's people their unit's
 * projects. A person can be several of these; the scope is their union.
 */
import { withRegion } from '../org/store.js';
import { inArray, or, sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { Person } from '../org/store.js';

export interface Viewer {
  openId: string;
  /** Shown in the header (Feishu name when signed in with Feishu). */
  name: string;
  isAdmin: boolean;
  /** Regions seen whole (offices). Empty for an admin, who sees everything. */
  regionIds: string[];
  /** Units whose projects are seen (their own). */
  unitIds: number[];
  /** What the person is, for the header. */
  roles: string[];
}

export function viewerOf(person: Person, name?: string): Viewer {
  return {
    openId: person.openId,
    name: name ?? person.openId,
    isAdmin: person.isAdmin,
    regionIds: [...new Set(person.offices.map((o) => o.regionId))],
    unitIds: [...new Set(person.units.map((u) => u.unitId))],
    roles: [
      ...(person.isAdmin ? ['管理员'] : []),
      // 县智慧办 already says which county; a name without it gets the region in front (金寨县 + 县智慧办 ≠ 金寨县县智慧办).
      ...person.offices.map((o) => withRegion(o.regionName, o.officeName)),
      ...person.units.map((u) => withRegion(u.regionName, u.unitName)),
    ],
  };
}

/** Someone the console has anything to show. */
export function hasAccess(v: Viewer): boolean {
  return v.isAdmin || v.regionIds.length > 0 || v.unitIds.length > 0;
}

/** Sees every project of the region (an admin or an office of the region). */
export function seesRegion(v: Viewer, regionId: string): boolean {
  return v.isAdmin || v.regionIds.includes(regionId);
}

export function seesProject(v: Viewer, p: { regionId: string; unitId: number | null }): boolean {
  return seesRegion(v, p.regionId) || (p.unitId !== null && v.unitIds.includes(p.unitId));
}

/**
 * The WHERE condition on a table with a region and a unit column: undefined for an admin (no
 * condition), `false` when the person sees nothing.
 */
export function scopeWhere(v: Viewer, cols: { regionId: AnyPgColumn; unitId: AnyPgColumn }): SQL | undefined {
  if (v.isAdmin) return undefined;
  const parts: SQL[] = [];
  if (v.regionIds.length) parts.push(inArray(cols.regionId, v.regionIds));
  if (v.unitIds.length) parts.push(inArray(cols.unitId, v.unitIds));
  if (parts.length === 0) return sql`false`;
  return parts.length === 1 ? parts[0] : or(...parts);
}
