// The delivery funnel of a code (issue 17): of the customers it added, how many got the welcome, the
// tags and the remark, and for every one that did not, why — in the plain Chinese a manager reads
// (41051 已在聊天/其他应用已发送, 41050 超过 20 秒, an admin-set welcome, 84061 关系未确认, the relay
// not reached…). Pure: the desktop's funnel query gathers each relation's latest relay jobs.

export type FunnelStage = 'welcome' | 'tags' | 'remark'

export interface FunnelCounts {
  adds: number
  welcomeSent: number
  tagsApplied: number
  remarkSet: number
}

export interface FunnelFailure {
  stage: FunnelStage
  reason: string
  count: number
}

export interface FunnelMember extends FunnelCounts {
  userid: string
  name: string
}

export interface CodeFunnel {
  totals: FunnelCounts
  /** Most frequent first. */
  failures: FunnelFailure[]
  members: FunnelMember[]
  /** Whether each later stage applies to this code (welcome off, no tags, no remark template). */
  welcomeOn: boolean
  tagsOn: boolean
  remarkOn: boolean
}

/** One relation as the funnel query reads it; jobs are 'status|errcode|last error' or null. */
export interface FunnelFacts {
  userid: string
  memberName: string
  welcomeOff: boolean
  codeTagCount: number
  welcomeJob: string | null
  tagsJob: string | null
  remarkJob: string | null
  /** The app's own 补打标签 for this relation: 'done' / 'failed' / null. */
  repair: string | null
}

interface Job {
  status: string
  errcode: number | null
  error: string
}

function job(value: string | null): Job | null {
  if (!value) return null
  const [status = '', code = '', ...rest] = value.split('|')
  return { status, errcode: code === '' ? null : Number(code), error: rest.join('|') }
}

const NOT_RECEIVED = '中转服务没有收到这次添加（当时不可达，或还没有这个活码），无法在 20 秒内处理'

/** Why a final, unsuccessful job of a stage did not work, in a manager's words. */
export function failureReason(stage: FunnelStage, j: Job): string {
  switch (j.errcode) {
    case 41051:
      return '客户已在与成员聊天，或其他应用已先发送了欢迎语（41051）'
    case 41050:
      return '超过 20 秒，欢迎语发送码已失效（41050）'
    case 41096:
      return '其他应用正在发送欢迎语（41096）'
    case 41053:
      return '客户尚未同意会话存档提示，不能发送欢迎语（41053）'
    case 84061:
      return '关系未确认：成员一直没有确认添加这位客户（84061）'
    case 40007:
      return '附件素材已失效或无效，请重新保存活码（40007）'
    case 40058:
      return stage === 'remark' ? '备注或描述不合企业微信的要求（40058）' : '内容不合企业微信的要求（40058）'
    case null:
      return j.error || '中转服务连不上企业微信，多次重试后放弃'
    default:
      return j.error ? `${j.error}（${j.errcode}）` : `企业微信返回错误 ${j.errcode}`
  }
}

const FINAL_BAD = new Set(['failed', 'dead'])

/** Adds one relation to the funnel under construction; returns the failures it contributes. */
export function classify(f: FunnelFacts): {
  welcome: boolean
  tags: boolean
  remark: boolean
  failures: { stage: FunnelStage; reason: string }[]
} {
  const w = job(f.welcomeJob)
  const t = job(f.tagsJob)
  const r = job(f.remarkJob)
  const sawAdd = w !== null || t !== null || r !== null
  const failures: { stage: FunnelStage; reason: string }[] = []

  const welcome = w?.status === 'done'
  if (!welcome && !f.welcomeOff && w?.status !== 'skipped' && w?.status !== 'pending') {
    if (w && FINAL_BAD.has(w.status)) failures.push({ stage: 'welcome', reason: failureReason('welcome', w) })
    else if (sawAdd)
      failures.push({
        stage: 'welcome',
        reason: '企业微信没有给欢迎语发送码：成员在管理后台设置了欢迎语，或双方曾聊过天',
      })
    else failures.push({ stage: 'welcome', reason: NOT_RECEIVED })
  }

  const tags = t?.status === 'done' || f.repair === 'done'
  if (!tags && f.codeTagCount > 0) {
    if (t?.status === 'pending' && t.errcode === 84061)
      failures.push({ stage: 'tags', reason: '关系未确认：等成员确认添加后自动打标签（84061）' })
    else if (t && FINAL_BAD.has(t.status)) failures.push({ stage: 'tags', reason: failureReason('tags', t) })
    else if (f.repair === 'failed') failures.push({ stage: 'tags', reason: '同步时补打标签失败' })
    else if (!t) failures.push({ stage: 'tags', reason: `${NOT_RECEIVED}；下次同步时补打` })
  }

  const remark = r?.status === 'done'
  if (r && !remark) {
    if (r.status === 'pending' && r.errcode === 84061)
      failures.push({ stage: 'remark', reason: '关系未确认：等成员确认添加后自动写备注（84061）' })
    else if (FINAL_BAD.has(r.status)) failures.push({ stage: 'remark', reason: failureReason('remark', r) })
  }
  return { welcome, tags, remark, failures }
}

export function buildFunnel(rows: FunnelFacts[], codeTagCount: number, welcomeOff: boolean): CodeFunnel {
  const zero = (): FunnelCounts => ({ adds: 0, welcomeSent: 0, tagsApplied: 0, remarkSet: 0 })
  const totals = zero()
  const members = new Map<string, FunnelMember>()
  const failures = new Map<string, FunnelFailure>()
  let remarkOn = false
  for (const row of rows) {
    const c = classify(row)
    if (row.remarkJob) remarkOn = true
    const m = members.get(row.userid) ?? { userid: row.userid, name: row.memberName, ...zero() }
    members.set(row.userid, m)
    for (const counts of [totals, m]) {
      counts.adds += 1
      if (c.welcome) counts.welcomeSent += 1
      if (c.tags) counts.tagsApplied += 1
      if (c.remark) counts.remarkSet += 1
    }
    for (const f of c.failures) {
      const key = `${f.stage}\u0000${f.reason}`
      const seen = failures.get(key) ?? { ...f, count: 0 }
      seen.count += 1
      failures.set(key, seen)
    }
  }
  return {
    totals,
    failures: [...failures.values()].sort((a, b) => b.count - a.count),
    members: [...members.values()].sort((a, b) => b.adds - a.adds || a.userid.localeCompare(b.userid)),
    welcomeOn: !welcomeOff,
    tagsOn: codeTagCount > 0,
    remarkOn,
  }
}
