/** @jsxImportSource hono/jsx */
/**
 * `/console`: the web console of the 智慧办/数据局 and the units. Server-rendered (hono/jsx), no script.
 *
 *   GET /console                                  pipeline: projects per stage per region, amounts by fund channel
 *   GET /console/projects                         project list (?region&stage&q&page)
 *   GET /console/projects/:number                 one project: fields, materials, approval trail, deadlines, audit log
 *   GET /console/projects/:number/declaration.docx  its 申报表
 *   GET /console/projects/:number/materials/:id   a material filed under it, from material storage
 *   GET /console/deadlines                        deadlines board: overdue, this week, by unit, per week
 *   GET /console/approvals                        pending approvals per office and how long each waited
 *   GET /console/rectifications                   整改 notices and their rungs
 *   GET /console/feedback                         Q&A answers marked 👎
 *   GET /console/export/:region.xlsx              the region's 项目库
 *   GET /console/login, /console/oauth/callback   Feishu web sign-in; /console/sandbox-login?as= in the sandbox
 *   GET /console/logout
 */
import { Hono, type Context } from 'hono';
import type { AppContext } from '../context.js';
import { lookupPerson } from '../org/store.js';
import { declarationDocx } from '../services/projects.js';
import { todayInShanghai } from '../calendar.js';
import { demoSurname, displayName } from '../org/names.js';
import { beginOAuth, clearSession, finishOAuth, readSession, safeNext, writeSession } from './auth.js';
import { isRevoked, revokeSession } from './revocation.js';
import { ApprovalsPage, FeedbackPage, RectificationsPage } from './pages/lists.js';
import { BOARD_LIST_LIMIT, DeadlinesPage } from './pages/deadlines.js';
import { addDays, mondayOf } from './pages/format.js';
import { LoginPage, NoAccessPage, NotFoundPage } from './pages/sign-in.js';
import { PipelinePage } from './pages/pipeline.js';
import { ProjectPage } from './pages/project.js';
import { ProjectsPage } from './pages/projects.js';
import { directoryOf, listPeople, personLabel } from '../org/people.js';
import { deadlineCounts, loadDeadlines } from './queries/deadlines.js';
import { regionLibrary, visibleRegions } from './queries/library.js';
import { qaDownVotes } from './queries/feedback.js';
import { pendingApprovals, rectificationList } from './queries/lists.js';
import { projectList } from './queries/project-list.js';
import { pipeline } from './queries/pipeline.js';
import { findVisibleProject, projectDetail, projectTimeline, storedMaterial } from './queries/project.js';
import { hasAccess, viewerOf, type Viewer } from './scope.js';
import { projectLibraryXlsx } from './xlsx.js';
import { arrangedFunding } from './funding.js';
import { opinionDocument, projectOpinions } from '../services/opinions.js';

type Env = { Variables: { viewer: Viewer } };

/** How far ahead the deadlines board looks. */
const BOARD_WEEKS = 8;

export function consoleApp(ctx: AppContext): Hono<Env> {
  const app = new Hono<Env>();
  const sandbox = ctx.config.sandbox === true;
  const now = () => ctx.clock();
  const today = () => todayInShanghai(ctx.clock());

  /**
   * How a page names the people it shows: the directory's name and office or unit (`personLabel`),
   * in the sandbox the demo surname where the directory has no name; the open_id of someone unknown.
   */
  const namesFor = async (openIds: Iterable<string>) => {
    const people = await directoryOf(ctx.db, openIds);
    return (openId: string) => personLabel(openId, people.get(openId), sandbox ? demoSurname : undefined);
  };

  app.get('/login', async (c) => {
    const lark = ctx.config.lark;
    const next = safeNext(c.req.query('next'));
    if (!lark) return c.html(<LoginPage mode="none" />, 503);
    if (sandbox) {
      const { people } = await listPeople(ctx.db);
      return c.html(
        <LoginPage
          mode="sandbox"
          people={people}
          name={(id) =>
            displayName(
              id,
              people.find((p) => p.openId === id),
            )
          }
        />,
      );
    }
    if (c.req.query('go') === '1') return beginOAuth(c, lark, next, sandbox);
    return c.html(<LoginPage mode="feishu" next={next} />);
  });

  app.get('/oauth/callback', async (c) => {
    const lark = ctx.config.lark;
    if (!lark || sandbox) return c.redirect('/console/login');
    const result = await finishOAuth(c, lark);
    if (!result.ok) return c.html(<LoginPage mode="feishu" message={result.message} />, 400);
    const person = await lookupPerson(ctx.db, result.openId);
    const viewer = viewerOf(person, result.name);
    if (!hasAccess(viewer)) return c.html(<NoAccessPage openId={result.openId} name={result.name} />, 403);
    await writeSession(c, lark, { openId: result.openId, name: result.name }, now().getTime(), sandbox);
    return c.redirect(result.next);
  });

  app.get('/sandbox-login', async (c) => {
    const lark = ctx.config.lark;
    if (!lark || !sandbox) return c.text('仅沙盒可用', 404);
    const as = c.req.query('as') ?? '';
    if (!/^ou_[0-9A-Za-z_]+$/.test(as)) return c.redirect('/console/login');
    await writeSession(c, lark, { openId: as, name: displayName(as) }, now().getTime(), sandbox);
    return c.redirect(safeNext(c.req.query('next')));
  });

  app.get('/logout', async (c) => {
    const session = ctx.config.lark ? await readSession(c, ctx.config.lark, now().getTime()) : null;
    // The cookie may have been copied: the session ends on the server, not only in this browser.
    if (session) await revokeSession(ctx, session.sid, new Date(session.expiresAt));
    clearSession(c, sandbox);
    return c.redirect('/console/login');
  });

  // Everything below needs a signed-in person the directory knows.
  app.use('*', async (c, next) => {
    const lark = ctx.config.lark;
    if (!lark) return c.html(<LoginPage mode="none" />, 503);
    const session = await readSession(c, lark, now().getTime());
    if (!session || (await isRevoked(ctx, session.sid))) {
      const url = new URL(c.req.url);
      return c.redirect(`/console/login?next=${encodeURIComponent(url.pathname + url.search)}`);
    }
    const viewer = viewerOf(await lookupPerson(ctx.db, session.openId), session.name);
    if (!hasAccess(viewer))
      return c.html(<NoAccessPage openId={session.openId} name={session.name} sandbox={sandbox} />, 403);
    c.set('viewer', viewer);
    await next();
  });

  const viewerOfCtx = (c: Context<Env>) => c.get('viewer');

  app.get('/', async (c) => {
    const v = viewerOfCtx(c);
    const [regions, arranged] = await Promise.all([pipeline(ctx, v), arrangedFunding(ctx, v)]);
    const withFunding = regions.map((r) => ({ ...r, arranged: arranged.get(r.regionId) ?? [] }));
    return c.html(<PipelinePage viewer={v} regions={withFunding} packs={ctx.packs} sandbox={sandbox} />);
  });

  app.get('/projects', async (c) => {
    const v = viewerOfCtx(c);
    const filter = {
      regionId: c.req.query('region') || undefined,
      stage: c.req.query('stage') || undefined,
      q: c.req.query('q') || undefined,
      page: Number(c.req.query('page') ?? '1') || 1,
    };
    const [list, regions] = await Promise.all([projectList(ctx, v, filter), visibleRegions(ctx, v)]);
    return c.html(
      <ProjectsPage
        viewer={v}
        rows={list.rows}
        total={list.total}
        page={list.page}
        filter={filter}
        regions={regions}
        packs={ctx.packs}
        sandbox={sandbox}
      />,
    );
  });

  app.get('/projects/:number', async (c) => {
    const v = viewerOfCtx(c);
    const number = c.req.param('number');
    if (number.endsWith('.docx')) return c.notFound();
    const p = await findVisibleProject(ctx, v, number);
    if (!p)
      return c.html(
        <NotFoundPage viewer={v} message={`没有找到你可以查看的项目 ${number}。`} sandbox={sandbox} />,
        404,
      );
    const [d, deadlines, rects] = await Promise.all([
      projectDetail(ctx, p),
      loadDeadlines(ctx, v, { projectId: p.id }),
      rectificationList(ctx, v, { projectId: p.id }),
    ]);
    const t = today();
    const name = await namesFor([
      ...d.tasks.flatMap((x) => [x.assignee, x.onBehalfOf ?? '']),
      ...d.audit.flatMap((a) => [
        a.actorOpenId,
        a.onBehalfOf ?? '',
        typeof a.detail.to === 'string' ? a.detail.to : '',
      ]),
    ]);
    const opinions = await projectOpinions(ctx.db, p);
    return c.html(
      <ProjectPage
        viewer={v}
        d={d}
        timeline={projectTimeline(d, deadlines, t)}
        rectifications={rects}
        today={t}
        name={name}
        opinions={opinions}
        sandbox={sandbox}
      />,
    );
  });

  app.get('/projects/:number/opinion/:file', async (c) => {
    const v = viewerOfCtx(c);
    const p = await findVisibleProject(ctx, v, c.req.param('number'));
    const m = /^(\d{1,12})\.docx$/.exec(c.req.param('file'));
    const doc = p && m ? await opinionDocument(ctx, p, Number(m[1])) : null;
    if (!doc) return c.html(<NotFoundPage viewer={v} message="没有找到这份审核意见书。" sandbox={sandbox} />, 404);
    return new Response(new Uint8Array(doc.bytes), {
      headers: {
        'content-type': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
        'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent(doc.fileName)}`,
      },
    });
  });

  app.get('/projects/:number/declaration.docx', async (c) => {
    const v = viewerOfCtx(c);
    const p = await findVisibleProject(ctx, v, c.req.param('number'));
    if (!p) return c.html(<NotFoundPage viewer={v} message="没有找到你可以查看的项目。" sandbox={sandbox} />, 404);
    const bytes = await declarationDocx(ctx, p);
    return new Response(new Uint8Array(bytes), {
      headers: {
        'content-type': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
        'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent(`${p.number}-申报表.docx`)}`,
      },
    });
  });

  app.get('/projects/:number/materials/:id', async (c) => {
    const v = viewerOfCtx(c);
    const p = await findVisibleProject(ctx, v, c.req.param('number'));
    const id = Number(c.req.param('id'));
    const file = p && Number.isSafeInteger(id) ? await storedMaterial(ctx, p.id, id) : null;
    if (!file)
      return c.html(<NotFoundPage viewer={v} message="没有找到你可以查看的这份材料。" sandbox={sandbox} />, 404);
    const object = await ctx.materials.get(file.storageKey);
    if (!object) {
      ctx.log(
        `console: material ${file.id} (${file.storageKey}) is recorded as stored but missing from ${ctx.materials.kind} storage`,
      );
      return c.html(
        <NotFoundPage viewer={v} message="这份材料已登记保存，但存储中找不到它，请联系管理员。" sandbox={sandbox} />,
        500,
      );
    }
    return new Response(object.body, {
      headers: {
        'content-type': file.contentType ?? 'application/octet-stream',
        ...(object.size > 0 ? { 'content-length': String(object.size) } : {}),
        'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent(file.fileName)}`,
        'x-content-type-options': 'nosniff',
        'cache-control': 'private, no-store',
      },
    });
  });

  app.get('/deadlines', async (c) => {
    const v = viewerOfCtx(c);
    const t = today();
    const sunday = addDays(mondayOf(t), 6);
    const [counts, overdue, thisWeek] = await Promise.all([
      deadlineCounts(ctx, v, addDays(mondayOf(t), BOARD_WEEKS * 7 - 1)),
      loadDeadlines(ctx, v, { to: addDays(t, -1), limit: BOARD_LIST_LIMIT }),
      loadDeadlines(ctx, v, { from: t, to: sunday, limit: BOARD_LIST_LIMIT }),
    ]);
    return c.html(
      <DeadlinesPage viewer={v} counts={counts} overdue={overdue} thisWeek={thisWeek} today={t} sandbox={sandbox} />,
    );
  });

  app.get('/approvals', async (c) => {
    const v = viewerOfCtx(c);
    const tasks = await pendingApprovals(ctx, v);
    const name = await namesFor(tasks.flatMap((t) => [t.assignee, t.onBehalfOf ?? '']));
    return c.html(<ApprovalsPage viewer={v} tasks={tasks} now={now()} name={name} sandbox={sandbox} />);
  });

  app.get('/rectifications', async (c) => {
    const v = viewerOfCtx(c);
    return c.html(
      <RectificationsPage viewer={v} items={await rectificationList(ctx, v)} today={today()} sandbox={sandbox} />,
    );
  });

  app.get('/feedback', async (c) => {
    const v = viewerOfCtx(c);
    return c.html(<FeedbackPage viewer={v} items={await qaDownVotes(ctx, v)} sandbox={sandbox} />);
  });

  app.get('/export/:file', async (c) => {
    const v = viewerOfCtx(c);
    const m = /^([a-z][a-z0-9-]*)\.xlsx$/.exec(c.req.param('file'));
    const lib = m ? await regionLibrary(ctx, v, m[1]!) : null;
    if (!lib) return c.html(<NotFoundPage viewer={v} message="没有可以导出的地区。" sandbox={sandbox} />, 404);
    const bytes = await projectLibraryXlsx(lib.regionName, lib.rows);
    return new Response(new Uint8Array(bytes), {
      headers: {
        'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent(`${lib.regionName}项目库-${today()}.xlsx`)}`,
      },
    });
  });

  return app;
}
