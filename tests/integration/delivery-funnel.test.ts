// The delivery funnel (issue 17) end to end: a burst of adds on one code through the simulator, the
// relay and the desktop's sync, with a failure of every kind injected — another app welcomed first
// (41051), a member with an admin-set welcome (no welcome code), the 20 s lapsing (41050), half-adds
// the member never confirms (84061), a remark WeCom refuses, the relay not reached. The funnel's counts
// must equal what the simulator recorded, and each failure carries its plain Chinese reason.

import { afterEach, describe, expect, it } from 'vitest'
import { policyOf } from '../../main/codes/policy'
import { waitFor } from './relay-fixture'
import { codeInput, startWorld, usableMembers, type World } from './services-harness'

let world: World | null = null
afterEach(async () => {
  await world?.close()
  world = null
})

describe('the delivery funnel', () => {
  it('counts what the simulator recorded, and names each failure', async () => {
    // The relay's clock, moved on at the end: remarks wait out the welcomes' 20 s.
    let skew = 0
    world = await startWorld({ relay: { now: () => Date.now() + skew } })
    const w = world
    expect((await w.sync.run()).lastError).toBeNull()
    // 何勇 has an admin-set welcome in the seeded corp: he is the admin-welcome member, no other.
    const admin = 'heyong'
    const [other, half, faulty, plain, missed] = usableMembers(w.db).filter((u) => u !== admin)
    expect(missed).toBeDefined()
    const tag = w.db.tags.listGroups()[0]!.tags[0]!.id
    const code = await w.codes.create(
      codeInput({
        name: '漏斗活码',
        memberUserids: [other!, admin, half!, faulty!, plain!, missed!],
        tagIds: [tag],
      }),
      '王经理',
    )
    // The remark template as the form's 自动备注 section pushes it (rich-welcome-core.test.ts covers
    // that push through the core; here the relay is given it directly, with a version after the code's).
    await w.relayClient().putPolicy({
      ...policyOf(w.db.codes.get(code.id)!),
      autoRemark: { remark: '{客户昵称}-{渠道名称}', description: '' },
      version: Date.now() + 60_000,
    })
    w.sandbox.control.setMemberOtherAppWelcome(other!, true)
    w.sandbox.control.setMemberAdminWelcome(admin, true)
    w.sandbox.control.setMemberHalfAdd(half!, true)

    const settled = async (ext: string) =>
      waitFor(async () => {
        const mine = (await w.relayClient().actions({ after: 0, limit: 1000 })).actions.filter(
          (a) => a.externalUserid === ext,
        )
        const urgent = mine.filter((a) => a.kind !== 'remark')
        return urgent.length >= 1 && urgent.every((a) => a.status !== 'pending' || a.errcode === 84061)
      })
    const scans: string[] = []
    const add = async (userid: string, before?: () => void) => {
      before?.()
      const scan = await w.sandbox.control.scan({ state: code.state }, { userid })
      scans.push(scan.externalUserid)
      if (userid !== missed) await settled(scan.externalUserid)
      return scan
    }
    // The burst: ten adds at once across five members, then the add whose send meets 41050 (alone,
    // so the injected fault is its own and not a neighbour's).
    const burst = [other!, other!, admin, admin, half!, half!, faulty!, plain!, plain!, plain!]
    const scanned = await Promise.all(
      burst.map((userid) => w.sandbox.control.scan({ state: code.state }, { userid })),
    )
    scans.push(...scanned.map((s) => s.externalUserid))
    await Promise.all(scanned.map((s) => settled(s.externalUserid)))
    await add(faulty!, () =>
      w.sandbox.control.injectFault({ path: '/cgi-bin/externalcontact/send_welcome_msg', errcode: 41050 }),
    )
    // The relay is not reached for this add: the next sync finds the customer and repairs the tags.
    const relayUrl = `${w.relayUrl}/callback/customerEvent/${w.sandbox.corpId}`
    w.sandbox.control.setCallbackUrl(null)
    await add(missed!)
    w.sandbox.control.setCallbackUrl(relayUrl)
    // One remark WeCom refuses (whichever runs first once the window has passed).
    w.sandbox.control.injectFault({ path: '/cgi-bin/externalcontact/remark', errcode: 40058 })
    skew += 21_000
    w.advanceClock(21_000)
    await waitFor(async () => {
      const remarks = (await w.relayClient().actions({ after: 0, limit: 1000, kinds: 'all' })).actions.filter(
        (a) => a.kind === 'remark',
      )
      return remarks.length === 11 && remarks.every((a) => a.status !== 'pending' || a.errcode === 84061)
    })

    expect((await w.sync.run()).lastError).toBeNull()
    const funnel = w.db.funnel.of(code.id)
    const ours = new Set(scans)
    const sim = w.sandbox.control
    expect(funnel.totals).toEqual({
      adds: scans.length,
      welcomeSent: sim.sentWelcomes.filter((s) => ours.has(s.externalUserid)).length,
      tagsApplied: new Set(
        sim.markedTags.filter((t) => ours.has(t.externalUserid)).map((t) => t.externalUserid),
      ).size,
      remarkSet: sim.remarks.filter((r) => ours.has(r.externalUserid)).length,
    })
    // The figures themselves: 12 adds; welcomes on the half-adds, the remark-fault add and the plain ones.
    expect(funnel.totals).toEqual({ adds: 12, welcomeSent: 6, tagsApplied: 10, remarkSet: 8 })
    const reasons = Object.fromEntries(funnel.failures.map((f) => [`${f.stage}:${f.reason}`, f.count]))
    expect(reasons).toEqual({
      'welcome:客户已在与成员聊天，或其他应用已先发送了欢迎语（41051）': 2,
      'welcome:企业微信没有给欢迎语发送码：成员在管理后台设置了欢迎语，或双方曾聊过天': 2,
      'welcome:超过 20 秒，欢迎语发送码已失效（41050）': 1,
      'welcome:中转服务没有收到这次添加（当时不可达，或还没有这个活码），无法在 20 秒内处理': 1,
      'tags:关系未确认：等成员确认添加后自动打标签（84061）': 2,
      'remark:关系未确认：等成员确认添加后自动写备注（84061）': 2,
      'remark:备注或描述不合企业微信的要求（40058）': 1,
    })
    const byMember = Object.fromEntries(funnel.members.map((m) => [m.userid, m]))
    expect(byMember[plain!]).toMatchObject({ adds: 3, welcomeSent: 3, tagsApplied: 3 })
    expect(byMember[other!]).toMatchObject({ adds: 2, welcomeSent: 0, tagsApplied: 2 })
    expect(funnel.members.reduce((n, m) => n + m.remarkSet, 0)).toBe(funnel.totals.remarkSet)
    expect(funnel).toMatchObject({ welcomeOn: true, tagsOn: true, remarkOn: true })
  })
})
