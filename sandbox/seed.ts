// The demo corp a fresh sandbox starts with: departments, about twenty staff (a few who cannot be put
// on a code, to show why), the tag groups of the user's manual, and some existing customers.

import { emptyCorp, randomCustomerName, randomId, type CorpData, type SimTagGroup } from './model'

const MEMBERS: [
  string,
  string,
  number,
  Partial<{ status: number; canFollow: boolean; adminWelcome: boolean }>?,
][] = [
  ['moumeina', '牟美娜', 2],
  ['jialili', '贾丽丽', 2],
  ['zhangwei', '张伟', 2],
  ['wangfang', '王芳', 2],
  ['lina', '李娜', 2],
  ['liuyang', '刘洋', 2],
  ['chenjing', '陈静', 3],
  ['yangqiang', '杨强', 3],
  ['huanglei', '黄磊', 3],
  ['zhaomin', '赵敏', 3],
  ['sunli', '孙丽', 3],
  ['maying', '马英', 3],
  ['zhutao', '朱涛', 4],
  ['hujun', '胡军', 4],
  ['guoyan', '郭艳', 4],
  ['heyong', '何勇', 4, { adminWelcome: true }],
  ['linxia', '林霞', 4],
  ['zhoujie', '周杰', 2, { canFollow: false }],
  ['xuming', '徐明', 3, { canFollow: false }],
  ['wuhao', '吴昊', 4, { status: 4 }],
]

const TAG_GROUPS: [string, string[]][] = [
  ['性别', ['女', '男']],
  ['购买意向', ['无意向', '有意向']],
  ['客户等级', ['一般', '重要']],
  ['来源渠道', ['海报', '门店', '活动']],
]

export function seedCorp(corpId: string, corpName: string, now: number): CorpData {
  const data = emptyCorp(corpId, corpName)
  const t = Math.floor(now / 1000)
  data.departments = [
    { id: 1, name: corpName, parentid: 0, order: 1 },
    { id: 2, name: '销售一部', parentid: 1, order: 1 },
    { id: 3, name: '销售二部', parentid: 1, order: 2 },
    { id: 4, name: '客服部', parentid: 1, order: 3 },
  ]
  data.members = MEMBERS.map(([userid, name, dept, extra]) => ({
    userid,
    name,
    department: [dept],
    status: extra?.status ?? 1,
    canFollow: extra?.canFollow ?? true,
    adminWelcome: extra?.adminWelcome ?? false,
    halfAdd: false,
    otherAppWelcome: false,
    unlicensed: false,
  }))
  data.tagGroups = TAG_GROUPS.map(([group, tags], gi): SimTagGroup => ({
    group_id: randomId('et', 20),
    group_name: group,
    create_time: t - 86400 * 30,
    order: gi,
    tag: tags.map((name, ti) => ({ id: randomId('et', 22), name, create_time: t - 86400 * 30, order: ti })),
  }))
  const followers = data.members.filter((m) => m.canFollow && m.status === 1)
  for (let i = 0; i < 30; i++) {
    const member = followers[i % followers.length]!
    const external_userid = randomId('wm', 30)
    data.customers.push({
      external_userid,
      name: randomCustomerName(),
      avatar: '',
      type: 1,
      gender: (i % 2) + 1,
    })
    data.relations.push({
      userid: member.userid,
      external_userid,
      createtime: t - 86400 * (10 + i),
      state: '',
      remark: '',
      description: '',
      tag_id: [],
      customerDeleted: false,
      confirmed: true,
      add_way: 0,
      oper_userid: external_userid,
    })
  }
  return data
}
