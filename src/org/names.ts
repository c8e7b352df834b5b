/**
 * Readable names for the sandbox. The directory holds open_ids only (Feishu knows the names); in the
 * sandbox there is no Feishu to ask, so a demo open_id such as `ou_jzZhbLi` is shown with the surname
 * its last word spells (李) and the office or unit the person sits in. Other ids are shown as they are.
 */
import { personLabel, type DirectoryPerson } from './people.js';

const SURNAMES: Record<string, string> = {
  Zhang: '张',
  Li: '李',
  Wang: '王',
  Zhao: '赵',
  Chen: '陈',
  Sun: '孙',
  Zhou: '周',
  Wu: '吴',
  Zheng: '郑',
  Feng: '冯',
  He: '何',
  Lv: '吕',
  Shi: '史',
  Tang: '唐',
  Xu: '徐',
  Gao: '高',
  Lin: '林',
  Luo: '罗',
  Liang: '梁',
  Song: '宋',
  Xie: '谢',
  Han: '韩',
  Deng: '邓',
  Cao: '曹',
  Peng: '彭',
  Zeng: '曾',
  Xiao: '肖',
  Tian: '田',
  Dong: '董',
  Yuan: '袁',
  Liu: '刘',
  Yang: '杨',
  Huang: '黄',
  Ma: '马',
  Hu: '胡',
  Guo: '郭',
  Qin: '秦',
  Jiang: '蒋',
  Zhu: '朱',
};

/** 李 for ou_jzZhbLi; '' when the id spells no known surname. */
export function demoSurname(openId: string): string {
  const m = /([A-Z][a-z]+)$/.exec(openId);
  return m ? (SURNAMES[m[1]!] ?? '') : '';
}

/** 李（县智慧办）: the directory's name or else the demo surname, with the office or unit; or the open_id. */
export function displayName(openId: string, person?: DirectoryPerson): string {
  return personLabel(openId, person, demoSurname);
}
