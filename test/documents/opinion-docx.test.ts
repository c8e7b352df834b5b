/**
 * The written opinion of a deciding step (书面审核意见, 批复) as a .docx, read back as the 申报表 test
 * reads its documents: every <w:p>'s runs joined, so what the unit files is checked by its text.
 */
import { describe, expect, it } from 'vitest';
import { docxText } from '../support/docx.js';
import { opinionDocx, opinionFileName, opinionTitle, type OpinionData } from '../../src/documents/opinion-docx.js';

const OPINION: OpinionData = {
  regionName: '金寨县',
  policyTitle: '金寨县政务信息化项目建设管理办法',
  produces: '书面审核意见',
  project: {
    number: 'JZ-2026-0001',
    name: '智慧教育平台',
    unitName: '县教育局',
    investment: '80万元',
    funding: '财政资金50万元、单位自筹30万元',
    content: '建设资源库、在线课堂、教务管理。',
  },
  step: { name: '县智慧办形成书面审核意见', article: 10, quote: '由县智慧办形成书面审核意见' },
  officeName: '县智慧办',
  decision: '同意',
  opinion: '同意立项，请按批复内容组织实施。',
  decidedBy: '李',
  date: '2026-11-23',
};

describe('the opinion .docx of a deciding step', () => {
  it('reads back the project, step, office, decision, opinion, date and the article with its words', async () => {
    const text = docxText(await opinionDocx(OPINION));
    expect(text.split('\n')[0]).toBe('金寨县政务信息化项目书面审核意见');
    for (const want of [
      '项目编号\nJZ-2026-0001',
      '项目名称\n智慧教育平台',
      '建设单位\n县教育局',
      '总投资\n80万元（财政资金50万元、单位自筹30万元）',
      '审批环节\n县智慧办形成书面审核意见',
      '办理部门\n县智慧办',
      '审核结论\n同意',
      '审核意见\n同意立项，请按批复内容组织实施。',
      '日期\n2026年11月23日',
      '依据\n《金寨县政务信息化项目建设管理办法》第十条：“由县智慧办形成书面审核意见”',
    ])
      expect(text).toContain(want);
    expect(text).not.toContain('金寨县县智慧办');
  });

  it('a decision without words writes the decision as the opinion; an approval is titled 批复', async () => {
    const text = docxText(await opinionDocx({ ...OPINION, produces: '县政府批准', decision: '不同意', opinion: '' }));
    expect(text.split('\n')[0]).toBe('金寨县政务信息化项目批复');
    expect(text).toContain('审核意见\n不同意');
    expect(opinionTitle({ regionName: '牡丹区', produces: '审核' })).toBe('牡丹区政务信息化项目审核意见');
    expect(opinionFileName('JZ-2026-0001', '县智慧办 会同/审核')).toBe('JZ-2026-0001-县智慧办会同审核-审核意见.docx');
  });
});
