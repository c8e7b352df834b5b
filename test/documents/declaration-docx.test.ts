import { describe, it, expect } from 'vitest';
import { docxPart, xmlText } from '../support/docx.js';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  annex2Total,
  genericDeclarationDocx,
  genericDeclarationTitle,
  jinzhaiAnnex1Docx,
  jinzhaiAnnex2Docx,
  type Annex1Data,
  type Annex2Data,
  type GenericDeclarationData,
} from '../../src/documents/declaration-docx.js';
import { jinzhaiAnnex1, jinzhaiAnnex2 } from '../../src/rules/forms/jinzhai-forms.js';
import { jinzhai2022 } from '../../src/rules/packs/jinzhai-2022.js';
import { mudan2023 } from '../../src/rules/packs/mudan-2023.js';
import { requiredMaterials, runChecks } from '../../src/rules/engine.js';
import { articleLabel } from '../../src/rules/articles.js';

// ---------------------------------------------------------------------------------------------
// Reading the .docx back: unzip, then a small reader for WordprocessingML tables and runs.

interface Cell {
  text: string;
  span: number;
  continued: boolean; // a vMerge continuation
}

/** Every table row, as its cells. */
function rows(xml: string): Cell[][] {
  return (xml.match(/<w:tr>[\s\S]*?<\/w:tr>/g) ?? []).map((tr) =>
    (tr.match(/<w:tc>[\s\S]*?<\/w:tc>/g) ?? []).map((tc) => ({
      text: xmlText(tc),
      span: Number(/<w:gridSpan w:val="(\d+)"\/>/.exec(tc)?.[1] ?? 1),
      continued: /<w:vMerge w:val="continue"\/>/.test(tc),
    })),
  );
}

/** The text of the cell right after the cell whose text is `label` (the label | value layout). */
function valueAfter(xml: string, label: string): string {
  for (const r of rows(xml)) {
    const i = r.findIndex((c) => c.text === label);
    if (i >= 0) {
      const next = r[i + 1];
      if (!next) throw new Error(`nothing after ${label}`);
      return next.text;
    }
  }
  throw new Error(`no cell “${label}”`);
}

/** Tags balance and no text holds a raw < or an & that does not start an entity: the part is well-formed. */
function expectWellFormed(xml: string): void {
  const body = xml.replace(/^<\?xml[^>]*\?>/, '');
  const stack: string[] = [];
  const tag = /<(\/?)([\w:.-]+)((?:\s+[\w:.-]+="[^"<]*")*)\s*(\/?)>/g;
  let last = 0;
  for (let m = tag.exec(body); m; m = tag.exec(body)) {
    const between = body.slice(last, m.index);
    expect(between, 'text between tags').not.toMatch(/[<>]|&(?!(?:lt|gt|amp|quot|apos|#\d+);)/);
    last = m.index + m[0].length;
    if (m[4]) continue;
    if (m[1]) expect(stack.pop(), `closing ${m[2]}`).toBe(m[2]);
    else stack.push(m[2]!);
  }
  expect(body.slice(last).trim()).toBe('');
  expect(stack).toEqual([]);
}

/** Every run and every paragraph mark says 宋体 五号 (or inherits it from the document defaults). */
function expectSongtiWuhao(docx: Uint8Array): void {
  const styles = docxPart(docx, 'word/styles.xml');
  const defaults = /<w:rPrDefault>([\s\S]*?)<\/w:rPrDefault>/.exec(styles)?.[1] ?? '';
  expect(defaults).toMatch(/<w:rFonts [^>]*w:eastAsia="宋体"/);
  expect(defaults).toMatch(/<w:rFonts [^>]*w:ascii="宋体"/);
  expect(defaults).toContain('<w:sz w:val="21"/>');

  const xml = docxPart(docx, 'word/document.xml');
  const runs = xml.match(/<w:r>[\s\S]*?<\/w:r>/g) ?? [];
  expect(runs.length).toBeGreaterThan(10);
  for (const r of runs) {
    expect(r).toMatch(/<w:rFonts [^>]*w:eastAsia="宋体"/);
    expect(r).toContain('<w:sz w:val="21"/>');
  }
  // No other font or size anywhere.
  expect([...xml.matchAll(/w:(?:eastAsia|ascii|hAnsi|cs)="([^"]*)"/g)].map((m) => m[1])).toSatisfy((fonts: string[]) =>
    fonts.every((f) => f === '宋体'),
  );
  expect([...xml.matchAll(/<w:sz(?:Cs)? w:val="(\d+)"\/>/g)].map((m) => m[1])).toSatisfy((sizes: string[]) =>
    sizes.every((s) => s === '21'),
  );
}

const DESCRIPTION_200 = (
  '依据《金寨县政务信息化项目建设管理办法》第五条，建设全县统一的智慧校园平台，' +
  '包括教学资源共享、校园安全监控和家校互通三个子系统。'
).padEnd(200, '建');

const annex1: Annex1Data = {
  applicant: '金寨县教育局',
  declaredOn: '2024-03-05',
  head: '郑明',
  contact: '周强',
  phone: '0564-7654321',
  email: 'edu@jinzhai.gov.cn',
  projectName: '智慧校园<一期>&"扩容"',
  constructionPeriod: '2024年03月至2024年12月',
  investmentYuan: 1234560,
  fiscalYuan: 1000000,
  selfRaisedYuan: 234560,
  bankLoanYuan: 0,
  otherYuan: null,
  basisAndContent: DESCRIPTION_200,
};

const label = (id: string, form = jinzhaiAnnex1) => {
  const f = form.fields.find((x) => x.id === id) ?? form.lineItems?.columns.find((x) => x.id === id);
  if (!f) throw new Error(id);
  return f.label;
};

describe('jinzhaiAnnex1Docx (金寨 附件1)', () => {
  it('is a .docx whose table has the form’s rows and every value beside its label', async () => {
    const docx = await jinzhaiAnnex1Docx(annex1);
    expect(docx).toBeInstanceOf(Uint8Array);
    expect([...docx.slice(0, 2)]).toEqual([0x50, 0x4b]); // PK: a zip
    const xml = docxPart(docx, 'word/document.xml');
    expectWellFormed(xml);

    expect(xmlText(xml.slice(0, xml.indexOf('<w:tbl>')))).toBe(
      jinzhai2022.forms.find((f) => f.id === 'jinzhai-annex-1')!.title,
    );
    const expected: Record<string, string> = {
      applicant: '金寨县教育局',
      declared_on: '2024年3月5日',
      head: '郑明',
      contact: '周强',
      phone: '0564-7654321',
      email: 'edu@jinzhai.gov.cn',
      project_name: '智慧校园<一期>&"扩容"',
      construction_period: '2024年03月至2024年12月',
      investment_wan: '123.456',
      funding_fiscal_wan: '100',
      funding_self_wan: '23.456',
      funding_bank_loan_wan: '0',
      funding_other_wan: '',
      basis_and_content: DESCRIPTION_200,
      department_opinion: '（盖章）',
    };
    // Every field of the FormDefinition is laid out, with its label as the form prints it.
    expect(Object.keys(expected).sort()).toEqual(jinzhaiAnnex1.fields.map((f) => f.id).sort());
    for (const [id, value] of Object.entries(expected)) expect(valueAfter(xml, label(id)), id).toBe(value);

    // The shape of the form: 资金渠道 heads two rows, the 项目名称 / 内容 / 意见 values span the width.
    const table = rows(xml);
    expect(table.map((r) => r.length)).toEqual([4, 4, 4, 2, 4, 5, 5, 2, 2]);
    expect(table[5]![0]!.text).toBe('资金渠道');
    expect(table[6]![0]!.continued).toBe(true);
    expect(table[3]![1]!.span).toBe(4);
    expect(table[7]![1]!.span).toBe(4);
    expect(table[8]![1]!.span).toBe(4);
  });

  it('prints the 说明 notes of the form below the table', async () => {
    const xml = docxPart(await jinzhaiAnnex1Docx(annex1), 'word/document.xml');
    const after = xmlText(xml.slice(xml.indexOf('</w:tbl>')));
    expect(jinzhaiAnnex1.notes.length).toBe(3);
    expect(after).toContain(`说明：${jinzhaiAnnex1.notes[0]}`);
    for (const note of jinzhaiAnnex1.notes) expect(after).toContain(note);
  });

  it('is all 宋体 五号 (size 21)', async () => {
    expectSongtiWuhao(await jinzhaiAnnex1Docx(annex1));
  });

  it('escapes XML special characters and keeps them as text', async () => {
    const docx = await jinzhaiAnnex1Docx({
      ...annex1,
      contact: `O'Brien <a@b> & "co"`,
      basisAndContent: '</w:t></w:r><w:r><w:t>x',
    });
    const xml = docxPart(docx, 'word/document.xml');
    expectWellFormed(xml);
    expect(xml).toContain('智慧校园&lt;一期&gt;&amp;');
    expect(xml).not.toContain('<一期>');
    expect(valueAfter(xml, label('contact'))).toBe(`O'Brien <a@b> & "co"`);
    expect(valueAfter(xml, label('basis_and_content'))).toBe('</w:t></w:r><w:r><w:t>x');
  });

  it('keeps a 200-character description whole in a row that grows with it', async () => {
    const xml = docxPart(await jinzhaiAnnex1Docx(annex1), 'word/document.xml');
    expect(DESCRIPTION_200).toHaveLength(200);
    expect(valueAfter(xml, label('basis_and_content'))).toBe(DESCRIPTION_200);
    // No row has an exact height, so no text is ever cut off.
    expect(xml).not.toMatch(/w:hRule="exact"/);
    expect(xml.match(/<w:trHeight [^>]*w:hRule="atLeast"/g)?.length).toBe(9);
  });

  it('writes multi-line values as paragraphs, drops control characters, and leaves absent amounts and dates blank', async () => {
    const docx = await jinzhaiAnnex1Docx({
      ...annex1,
      declaredOn: undefined,
      fiscalYuan: undefined,
      basisAndContent: '第一行\r\n第二行\u0007',
    });
    const xml = docxPart(docx, 'word/document.xml');
    expectWellFormed(xml);
    expect(valueAfter(xml, label('basis_and_content'))).toBe('第一行\n第二行');
    expect(valueAfter(xml, label('funding_fiscal_wan'))).toBe('');
    expect(valueAfter(xml, label('declared_on')).replace(/\s+/g, '')).toBe('年月日');
  });
});

const annex2: Annex2Data = {
  applicant: '金寨县教育局',
  date: '2024-03-05',
  items: [
    { item: '台式计算机', model: '联想 M730e', quantity: 3, unitPriceFen: 410000 },
    { item: '笔记本电脑', model: 'ThinkPad E14 <i5>', quantity: 1, unitPriceFen: 53050 },
  ],
  reason: '现有电脑使用超过6年，无法满足办公需要。',
  budgetFundsFen: 1283050,
  specialFiscalFundsFen: null,
  otherFundsFen: 0,
};

describe('jinzhaiAnnex2Docx (金寨 附件2)', () => {
  it('lists the items under the form’s column headers, six rows at least, and the 大写 total', async () => {
    const docx = await jinzhaiAnnex2Docx(annex2);
    const xml = docxPart(docx, 'word/document.xml');
    expectWellFormed(xml);
    expect(xmlText(xml.slice(0, xml.indexOf('<w:tbl>')))).toBe(jinzhaiAnnex2.title);

    const table = rows(xml);
    const L = (id: string) => label(id, jinzhaiAnnex2);
    expect(table[0]!.map((c) => c.text)).toEqual([`${L('applicant')}：金寨县教育局`, `${L('date')}：2024年3月5日`]);
    expect(table[1]!.map((c) => c.text)).toEqual(jinzhaiAnnex2.lineItems!.columns.map((c) => c.label));
    expect(table[1]!.map((c) => c.text)).toEqual(['序号', '采购品目', '规格型号', '数量', '单价（元）', '金额（元）']);
    expect(table[2]!.map((c) => c.text)).toEqual(['1', '台式计算机', '联想 M730e', '3', '4,100.00', '12,300.00']);
    expect(table[3]!.map((c) => c.text)).toEqual(['2', '笔记本电脑', 'ThinkPad E14 <i5>', '1', '530.50', '530.50']);
    for (let n = 3; n <= 6; n++) expect(table[n + 1]!.map((c) => c.text)).toEqual([String(n), '', '', '', '', '']);

    expect(annex2Total(annex2.items)).toBe(1283050);
    expect(valueAfter(xml, L('total_in_words'))).toBe('壹万贰仟捌佰叁拾元零伍角'); // 元位 0 → 零 (money.ts);
    expect(xmlText(xml)).toContain(`${L('reason')}：现有电脑使用超过6年，无法满足办公需要。`);
    const funds = table.find((r) => r[0]!.text.startsWith(L('budget_funds')))!.map((c) => c.text);
    expect(funds).toEqual([
      `${L('budget_funds')}：12,830.50元`,
      `${L('special_fiscal_funds')}：`,
      `${L('other_funds')}：0.00元`,
    ]);
  });

  it('adds rows beyond the form’s six when there are more items', async () => {
    const items = Array.from({ length: 8 }, (_, i) => ({
      item: `品目${i + 1}`,
      model: 'X',
      quantity: 1,
      unitPriceFen: 100,
    }));
    const xml = docxPart(await jinzhaiAnnex2Docx({ ...annex2, items }), 'word/document.xml');
    const table = rows(xml);
    expect(table.filter((r) => /^品目\d$/.test(r[1]?.text ?? '')).map((r) => r[0]!.text)).toEqual([
      '1',
      '2',
      '3',
      '4',
      '5',
      '6',
      '7',
      '8',
    ]);
    expect(valueAfter(xml, label('total_in_words', jinzhaiAnnex2))).toBe('捌元整');
  });

  it('leaves the signature and stamp cells blank but for their labels', async () => {
    const xml = docxPart(await jinzhaiAnnex2Docx(annex2), 'word/document.xml');
    const L = (id: string) => label(id, jinzhaiAnnex2);
    const table = rows(xml);
    const stampIds = jinzhaiAnnex2.fields.filter((f) => f.stamp).map((f) => f.id);
    expect(stampIds.sort()).toEqual(['department_opinion', 'handler_signature', 'unit_head_signature', 'unit_opinion']);
    const signRow = table.find((r) => r[0]!.text.startsWith(L('handler_signature')))!;
    expect(signRow.map((c) => c.text.replace(/\n+/g, '|'))).toEqual([
      `${L('handler_signature')}：`,
      `${L('unit_opinion')}：|${L('unit_head_signature')}：`,
    ]);
    expect(table[table.length - 1]!.map((c) => c.text)).toEqual([`${L('department_opinion')}：`]);
  });

  it('is all 宋体 五号 (size 21)', async () => {
    expectSongtiWuhao(await jinzhaiAnnex2Docx(annex2));
  });

  it('refuses a fractional quantity', async () => {
    await expect(
      jinzhaiAnnex2Docx({ ...annex2, items: [{ item: 'a', model: 'b', quantity: 1.5, unitPriceFen: 100 }] }),
    ).rejects.toThrow(RangeError);
  });
});

/** A 牡丹区 declaration built from the pack, as the service will. */
function mudanData(): GenericDeclarationData {
  const kind = mudan2023.projectKinds[0]!;
  const facts = { kind: kind.id, investmentWan: 500 };
  const materials = requiredMaterials(mudan2023, kind.id, facts);
  return {
    regionName: mudan2023.region.name,
    policyTitle: mudan2023.identity.title,
    projectKind: kind.label,
    fields: [
      { label: '申报单位', value: '牡丹区教育局' },
      { label: '项目名称', value: 'A&B <智慧教育> "平台"' },
      { label: '投资额（万元）', value: '500' },
    ],
    materials: materials.map((m, i) => ({ name: m.name, attached: i % 2 === 0, article: m.article })),
    findings: [
      ...runChecks(mudan2023, facts),
      { level: 'blocker', message: '测试用问题', article: 9 },
      { level: 'warning', message: '测试用提醒', article: 10 },
    ],
  };
}

describe('genericDeclarationDocx (regions without a prescribed form)', () => {
  it('titles the form after the region and cites its measures', async () => {
    const data = mudanData();
    const xml = docxPart(await genericDeclarationDocx(data), 'word/document.xml');
    expectWellFormed(xml);
    const before = xmlText(xml.slice(0, xml.indexOf('<w:tbl>')));
    expect(genericDeclarationTitle('牡丹区')).toBe('牡丹区政务信息化项目申报表');
    expect(before).toBe(`牡丹区政务信息化项目申报表\n依据《${mudan2023.identity.title}》`);
  });

  it('lists the kind and the declared fields, label | value', async () => {
    const data = mudanData();
    const xml = docxPart(await genericDeclarationDocx(data), 'word/document.xml');
    expect(valueAfter(xml, '项目类型')).toBe(data.projectKind);
    for (const f of data.fields) expect(valueAfter(xml, f.label)).toBe(f.value);
  });

  it('marks each required material ✓ 已附 or ✗ 未附, with its article', async () => {
    const data = mudanData();
    expect(data.materials.length).toBeGreaterThan(1);
    const table = rows(docxPart(await genericDeclarationDocx(data), 'word/document.xml'));
    for (const m of data.materials) {
      const r = table.find((x) => x[1]?.text.startsWith(`${m.name}（`));
      expect(r, m.name).toBeDefined();
      expect(r![0]!.text).toBe(m.attached ? '✓ 已附' : '✗ 未附');
      expect(r![1]!.text).toBe(`${m.name}（${articleLabel(m.article!)}）`);
    }
  });

  it('lists the findings with their level and article', async () => {
    const data = mudanData();
    const table = rows(docxPart(await genericDeclarationDocx(data), 'word/document.xml'));
    for (const f of data.findings) {
      const r = table.find((x) => x[1]?.text === `${f.message}（${articleLabel(f.article)}）`);
      expect(r, f.message).toBeDefined();
      expect(r![0]!.text).toBe(f.level === 'blocker' ? '须整改' : '提醒');
    }
  });

  it('says so when nothing is found and no material is listed', async () => {
    const xml = docxPart(
      await genericDeclarationDocx({ ...mudanData(), materials: [], findings: [] }),
      'word/document.xml',
    );
    expect(xmlText(xml)).toContain('未发现不符合规定的情形');
  });

  it('leaves the 单位意见 and 主管部门意见 stamp cells empty', async () => {
    const xml = docxPart(await genericDeclarationDocx(mudanData()), 'word/document.xml');
    expect(valueAfter(xml, '单位意见（盖章）')).toBe('');
    expect(valueAfter(xml, '主管部门意见（盖章）')).toBe('');
  });

  it('is all 宋体 五号 (size 21) and escapes special characters', async () => {
    const docx = await genericDeclarationDocx(mudanData());
    expectSongtiWuhao(docx);
    expect(docxPart(docx, 'word/document.xml')).toContain('A&amp;B &lt;智慧教育&gt;');
  });
});

// ---------------------------------------------------------------------------------------------
// Optional: where LibreOffice is installed, each form opens and prints on one A4 page.

function hasSoffice(): boolean {
  try {
    execFileSync('soffice', ['--version'], { stdio: 'ignore', timeout: 30_000 });
    return true;
  } catch {
    return false;
  }
}

describe.skipIf(!hasSoffice())('LibreOffice renders each form on one page', () => {
  it('附件1 (with a 200-character description), 附件2, generic', { timeout: 180_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'declaration-docx-'));
    try {
      const files = {
        annex1: await jinzhaiAnnex1Docx(annex1),
        annex2: await jinzhaiAnnex2Docx(annex2),
        generic: await genericDeclarationDocx(mudanData()),
      };
      for (const [name, bytes] of Object.entries(files)) writeFileSync(join(dir, `${name}.docx`), bytes);
      execFileSync(
        'soffice',
        [
          `-env:UserInstallation=file://${join(dir, 'profile')}`,
          '--headless',
          '--convert-to',
          'pdf',
          '--outdir',
          dir,
          ...Object.keys(files).map((n) => join(dir, `${n}.docx`)),
        ],
        { stdio: 'ignore', timeout: 170_000 },
      );
      for (const name of Object.keys(files)) {
        const pdf = readFileSync(join(dir, `${name}.pdf`)).toString('latin1');
        expect(pdf.match(/\/Type\s*\/Page(?!s)/g)?.length, name).toBe(1);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
