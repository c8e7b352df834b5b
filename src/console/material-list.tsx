/** @jsxImportSource hono/jsx */
/**
 * The project page's 申报材料 table: each material with the files filed under it, a file a download
 * link once it is kept in material storage (GET /console/projects/:number/materials/:id).
 */
import { megabytes } from '../materials/kinds.js';
import { articleLabel } from '../rules/articles.js';
import { shanghai, type Columns } from './table.js';
import type { MaterialFile } from './queries/project.js';

export type MaterialRow = {
  name: string;
  article: number | null;
  files: MaterialFile[];
  other: boolean;
  /** Generated from the declaration (its 申报表): counted as attached, as the unit's card counts it. */
  generated?: boolean;
};

/** A filed file: a download link once kept, otherwise what is happening to it. */
function FiledFile(props: { f: MaterialFile; number: string }) {
  const { f } = props;
  const when = `（${shanghai(f.receivedAt)}${f.fileSize !== null ? `，${megabytes(f.fileSize)}` : ''}）`;
  if (f.storage === 'stored') {
    return (
      <span>
        <a href={`/console/projects/${encodeURIComponent(props.number)}/materials/${f.id}`}>{f.fileName}</a>
        {when}
      </span>
    );
  }
  return (
    <span>
      {f.fileName}
      {when} <span class="tag grey">{f.storage === 'fetching' ? '保存中' : '未保存'}</span>
    </span>
  );
}

export function materialColumns(number: string): Columns<MaterialRow> {
  return [
    { head: '材料', cell: (m) => (m.other ? <span class="muted">其他文件</span> : m.name) },
    { head: '依据', cell: (m) => (m.article ? articleLabel(m.article) : '') },
    {
      head: '已附文件',
      cell: (m) =>
        m.generated && !m.files.length ? (
          <span class="tag green">由本申报表生成</span>
        ) : m.files.length || m.other ? (
          m.files.map((f, i) => (
            <>
              {i > 0 ? '；' : ''}
              <FiledFile f={f} number={number} />
            </>
          ))
        ) : (
          <span class="tag orange">未附</span>
        ),
    },
  ];
}
