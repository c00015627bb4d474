// The checks a code needs beyond its shape (codeInputSchema): a unique name, members who may be put on
// a code, tags that still exist, sane schedule windows. All problems are collected so the form can mark
// every field at once; nothing is sent to WeCom while any remain.

import { AppError } from '../../common/bridge-result'
import { scheduleProblem } from '../../common/schedule'
import type { WelcomeContent } from '../../common/domain'
import type { CodeInput } from '../../common/schemas'
import type { CodesDb } from './ports'

type Members = CodesDb['members']
type Tags = CodesDb['tags']

export function duplicateNameMessage(name: string): string {
  return `已有同名活码「${name}」，请换一个名称`
}

export function validateCodeInput(
  input: CodeInput,
  db: CodesDb,
  exceptId?: number,
  defaultWelcome?: WelcomeContent,
): void {
  const fields: Record<string, string> = {}
  const name = input.name.trim()
  if (db.codes.nameExists(name, exceptId)) fields.name = duplicateNameMessage(name)

  const memberProblems = input.memberUserids.map((userid) => memberProblem(userid, db.members)).filter(isText)
  if (memberProblems.length > 0) fields.memberUserids = memberProblems.join('；')

  const known = new Map(db.tags.getMany(input.tagIds).map((t) => [t.id, t]))
  const tagProblems = input.tagIds.map((id) => tagProblem(id, known.get(id))).filter(isText)
  if (tagProblems.length > 0) fields.tagIds = tagProblems.join('；')

  // 默认欢迎语 with nothing in the default would send nothing: say so here, not after the first scan.
  if (
    input.welcome.mode === 'default' &&
    defaultWelcome &&
    !defaultWelcome.text.trim() &&
    !defaultWelcome.attachment
  ) {
    fields['welcome.mode'] = '默认欢迎语还是空的：请先在 设置 › 默认欢迎语 中填写，或改用渠道欢迎语'
  }

  if (input.autoAccept.mode === 'scheduled') {
    const problem =
      input.autoAccept.windows.length === 0
        ? '定时开启至少需要一个时段'
        : scheduleProblem(input.autoAccept.windows)
    if (problem) fields['autoAccept.windows'] = problem
  }

  const first = Object.values(fields)[0]
  if (first !== undefined) throw new AppError('VALIDATION', first, fields)
}

function memberProblem(userid: string, members: Members): string | null {
  const member = members.get(userid)
  if (!member) return `成员 ${userid} 不在本地通讯录中：请先点击 刷新 同步成员后再选择`
  const who = member.name || userid
  if (!member.canFollow) return `${who} 没有客户联系权限：请在企业微信管理后台 客户联系 › 权限配置 中开通`
  if (member.status !== 1) return `${who} 的企业微信账号${statusText(member.status)}，不能作为使用人员`
  if (!member.enabled) return `${who} 已在本应用中停用：请在 成员 中启用后再选择`
  return null
}

function statusText(status: number): string {
  if (status === 2) return '已被禁用'
  if (status === 4) return '尚未激活'
  if (status === 5) return '已退出企业'
  return `状态异常（${status}）`
}

function tagProblem(id: string, tag: ReturnType<Tags['getMany']>[number] | undefined): string | null {
  if (!tag) return `标签 ${id} 不存在：请刷新后重新选择标签`
  if (tag.deleted) return `标签「${tag.name}」已在企业微信中删除：请重新选择标签`
  return null
}

const isText = (v: string | null): v is string => v !== null
