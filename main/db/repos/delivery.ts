// Whether a customer got the code's welcome message and tags, read from the relay's job outcomes and
// the app's own 补打标签, for the customer list. Pure: the relations query gathers the facts.

import type { TagsOutcome, WelcomeMode, WelcomeOutcome } from '../../../common/domain'
import { wecomErrorMessage } from '../../../wecom/errcodes'

export interface DeliveryFacts {
  welcomeMode: WelcomeMode | null
  codeTagCount: number
  /** Latest relay job of each kind for this relation: 'status|errcode', or null. */
  welcomeJob: string | null
  tagsJob: string | null
  repair: string | null
  /** Who saw the latest add first: 'event' (the relay received it) or 'reconcile'. */
  addSource: 'event' | 'reconcile' | null
}

/** 'status|errcode|last error' as the relations query builds it (the error may itself hold '|'). */
function job(value: string | null): { status: string; errcode: number | null; error: string } | null {
  if (!value) return null
  const [status = '', code = '', ...rest] = value.split('|')
  return { status, errcode: code === '' ? null : Number(code), error: rest.join('|') }
}

const reason = (errcode: number | null) => (errcode === null ? '' : wecomErrorMessage(errcode))

export function deliveryOf(f: DeliveryFacts): {
  welcome: WelcomeOutcome
  tags: TagsOutcome
  welcomeNote: string
  tagsNote: string
} {
  // Kept apart so the list can show each reason beside its own outcome (欢迎语 and 标签 columns).
  const welcomeNotes: string[] = []
  const tagsNotes: string[] = []
  const w = job(f.welcomeJob)
  const t = job(f.tagsJob)
  const r = job(f.repair)
  // The relay records a tags job for every add it receives (even with no tags to apply).
  const relaySawAdd = t !== null || w !== null

  let welcome: WelcomeOutcome
  if (w?.status === 'done') {
    welcome = 'sent'
    // Done with a remark: the relay lost sight of a send (a crash, a timeout) and WeCom then said the
    // code was used, so it judged the welcome delivered; the manager can read why.
    if (w.error) welcomeNotes.push(w.error)
  } else if (w?.status === 'pending') welcome = 'pending'
  else if (w?.status === 'failed' || w?.status === 'dead') {
    welcome = 'failed'
    welcomeNotes.push(`欢迎语未发送：${reason(w.errcode) || w.error || '企业微信拒绝了发送'}`)
  } else if (f.welcomeMode === 'none' || w?.status === 'skipped') welcome = 'off'
  else if (relaySawAdd) {
    welcome = 'no_code'
    welcomeNotes.push('企业微信没有提供欢迎语发送码（成员在管理后台设置了欢迎语，或双方曾聊过天）')
  } else if (f.addSource === 'reconcile' || f.addSource === 'event') {
    welcome = 'missed'
    welcomeNotes.push('添加时中转服务没有收到事件（不可用或尚未配置此活码），无法在 20 秒内发送欢迎语')
  } else welcome = 'unknown'

  let tags: TagsOutcome
  if (f.codeTagCount === 0) tags = 'none'
  else if (t?.status === 'done') tags = 'applied'
  else if (r?.status === 'done') {
    tags = 'repaired'
    tagsNotes.push('标签由同步时补打（中转服务错过了添加事件）')
  } else if (r?.status === 'failed') {
    tags = 'failed'
    tagsNotes.push(`补打标签失败：${reason(r.errcode)}`)
  } else if (t?.status === 'pending') {
    tags = 'pending'
    // A half-add: WeCom refuses tags until the member confirms, and the relay tries again until then.
    if (t.errcode === 84061) tagsNotes.push('成员确认添加后会自动打上标签')
  } else if (t?.status === 'failed' || t?.status === 'dead') {
    tags = 'failed'
    tagsNotes.push(`打标签失败：${reason(t.errcode) || '企业微信拒绝了请求'}`)
  } else if (t?.status === 'skipped') tags = 'none'
  else if (f.addSource) tags = 'missed'
  else tags = 'unknown'

  return { welcome, tags, welcomeNote: welcomeNotes.join('；'), tagsNote: tagsNotes.join('；') }
}
