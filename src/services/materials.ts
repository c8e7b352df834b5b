import { and, eq, inArray } from 'drizzle-orm';
import { attachments, drafts, projects, regions } from '../../db/schema/index.js';
import { materialAssignCard } from '../../cards/declaration.js';
import type { AppContext } from '../context.js';
import { declarationForm, factsOf } from '../declaration/index.js';
import { toast, type CardActionResponse, type IncomingText } from '../lark/messages.js';
import { lookupPerson } from '../org/store.js';
import { requiredMaterials } from '../rules/engine.js';
import { packById } from '../rules/packs/index.js';
import type { Material, RulePack } from '../rules/types.js';
import { ACCEPTED_LABEL, materialExtension } from '../materials/kinds.js';
import { enqueue } from '../outbox/outbox.js';
import { personTargets, regionPackOf } from './declare.js';
import { replyPrivately, replyText } from './reply.js';

export interface IncomingFile {
  senderOpenId: string;
  chatId: string;
  chatType: string;
  messageId: string;
  fileKey: string;
  fileName: string;
  fileSize?: number;
  /** `image` for a picture sent as such (its key is an image_key); default `file`. */
  resourceType?: 'file' | 'image';
}

/**
 * A file sent to the bot: kept (Lark's file key, name, size, sender, time), then the sender is asked
 * which material of which declaration or project it is.
 */
export async function receiveFile(ctx: AppContext, file: IncomingFile): Promise<void> {
  const msg: IncomingText = {
    senderOpenId: file.senderOpenId,
    chatId: file.chatId,
    chatType: file.chatType,
    messageId: file.messageId,
    text: '',
  };
  if (file.resourceType !== 'image' && !materialExtension(file.fileName)) {
    await replyText(
      ctx.db,
      msg,
      `文件“${file.fileName}”的类型不是申报材料可用的类型（${ACCEPTED_LABEL}），未登记。请转换后重新发送。`,
    );
    return ctx.notifyOutbox();
  }
  const person = await lookupPerson(ctx.db, file.senderOpenId);
  if (person.units.length === 0) {
    await replyText(ctx.db, msg, '你还不在任何申报单位的名单中，文件未登记。请联系管理员把你加入单位。');
    return ctx.notifyOutbox();
  }
  const { openDrafts, unitProjects } = await personTargets(
    ctx.db,
    file.senderOpenId,
    person.units.map((u) => u.unitId),
  );
  const targets: { kind: 'draft' | 'project'; id: number; label: string }[] = [];
  const materials = new Map<string, Material>();
  for (const d of openDrafts) {
    if (!d.kind) continue;
    const [region] = await ctx.db.select().from(regions).where(eq(regions.id, d.regionId));
    const pack = regionPackOf(ctx, region!.policy);
    const form = declarationForm(pack, d.kind);
    const values = d.values as Record<string, string>;
    const name =
      values[form.steps.flatMap((s) => s.fields).find((f) => f.role === 'project_name')?.id ?? ''] || '未命名项目';
    targets.push({ kind: 'draft', id: d.id, label: `草稿：${name}` });
    for (const m of requiredMaterials(pack, d.kind, factsOf(pack, form, values, []))) materials.set(m.id, m);
  }
  for (const p of unitProjects) {
    const pack = packById(p.policy, ctx.packs)!;
    targets.push({ kind: 'project', id: p.id, label: `${p.number} ${p.name}` });
    for (const m of requiredMaterials(pack, p.kind, p.facts)) materials.set(m.id, m);
    for (const stage of pack.stages) for (const m of stage.materials) materials.set(m.id, m);
  }
  await ctx.db.transaction(async (tx) => {
    await tx
      .insert(attachments)
      .values({
        fileKey: file.fileKey,
        fileName: file.fileName,
        fileSize: file.fileSize ?? null,
        senderOpenId: file.senderOpenId,
        chatId: file.chatId,
        messageId: file.messageId,
        receivedAt: ctx.clock(),
        resourceType: file.resourceType ?? 'file',
      })
      .onConflictDoNothing();
    if (targets.length === 0) {
      await replyText(tx, msg, '已收到文件，但你还没有申报草稿或项目。发送“申报”开始申报后，再发送材料即可归档。');
      return;
    }
    await replyPrivately(
      tx,
      msg,
      materialAssignCard({
        fileName: file.fileName,
        fileMessageId: file.messageId,
        targets,
        materials: [...materials.values()].map((m) => ({ id: m.id, name: m.name })),
      }),
      `已收到文件“${file.fileName}”，已私信你选择它属于哪个项目的哪项材料。`,
    );
  });
  ctx.notifyOutbox();
}

/** The material card submitted: the file becomes that material of that draft or project. */
export async function assignMaterial(
  ctx: AppContext,
  input: { operator: string; fileMessageId: string; form: Record<string, unknown> },
): Promise<CardActionResponse> {
  const { operator, form: formValue } = input;
  const [file] = await ctx.db.select().from(attachments).where(eq(attachments.messageId, input.fileMessageId));
  if (!file) return toast('error', '找不到这个文件，请重新发送。');
  if (file.senderOpenId !== operator) return toast('error', '只能归档自己发送的文件。');
  if (file.storage === 'refused' || file.storage === 'lost')
    return toast(
      'error',
      `这个文件未能保存（${file.storage === 'refused' ? '过大或类型不符' : '已无法从飞书取回'}），请重新发送。`,
    );
  const target = String(formValue.target ?? '');
  const materialId = String(formValue.material ?? '');
  const m = /^(draft|project):(\d+)$/.exec(target);
  if (!m) return toast('error', '请选择文件属于哪个项目或草稿。');
  if (!materialId) return toast('error', '请选择这是哪项材料。');
  const person = await lookupPerson(ctx.db, operator);
  const unitIds = person.units.map((u) => u.unitId);
  const id = Number(m[2]);
  let pack: RulePack;
  let kind: string;
  if (m[1] === 'draft') {
    const [d] = await ctx.db.select().from(drafts).where(eq(drafts.id, id));
    if (!d || d.ownerOpenId !== operator || d.status !== 'open' || !d.kind) return toast('error', '这个草稿不可用。');
    const [region] = await ctx.db.select().from(regions).where(eq(regions.id, d.regionId));
    pack = regionPackOf(ctx, region!.policy);
    kind = d.kind;
  } else {
    const [p] = await ctx.db.select().from(projects).where(eq(projects.id, id));
    if (!p || !unitIds.includes(p.unitId)) return toast('error', '只能为本单位的项目归档材料。');
    pack = packById(p.policy, ctx.packs)!;
    kind = p.kind;
  }
  const known = [
    ...pack.projectKinds.find((k) => k.id === kind)!.materials,
    ...pack.stages.flatMap((s) => s.materials),
  ];
  const material = known.find((x) => x.id === materialId);
  if (!material) return toast('error', '这项材料不属于该项目。');
  await ctx.db.transaction(async (tx) => {
    const filed = { materialId, draftId: m[1] === 'draft' ? id : null, projectId: m[1] === 'project' ? id : null };
    // The first filing queues the download: Lark's key dies with a recalled message, the kept copy does not.
    const queued = await tx
      .update(attachments)
      .set({ ...filed, storage: 'fetching' })
      .where(and(eq(attachments.id, file.id), eq(attachments.storage, 'received')))
      .returning({ id: attachments.id });
    if (queued.length === 0) {
      await tx
        .update(attachments)
        .set(filed)
        .where(and(eq(attachments.id, file.id), inArray(attachments.storage, ['fetching', 'stored'])));
      return;
    }
    await enqueue(tx, {
      kind: 'fetch',
      messageId: file.messageId,
      resourceType: file.resourceType,
      fileKey: file.fileKey,
      attachmentId: file.id,
      dedupeKey: `material-fetch:${file.id}`,
    });
  });
  ctx.notifyOutbox();
  return toast('success', `已登记为“${material.name}”。`);
}
