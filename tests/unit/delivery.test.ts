// What the customer list says about a customer's welcome and tags, from the relay's job outcomes.

import { describe, expect, it } from 'vitest'
import { deliveryOf, type DeliveryFacts } from '../../main/db/repos/delivery'

const facts = (f: Partial<DeliveryFacts>): DeliveryFacts => ({
  welcomeMode: 'own',
  codeTagCount: 0,
  welcomeJob: null,
  tagsJob: null,
  repair: null,
  addSource: 'event',
  ...f,
})

describe('delivery outcomes', () => {
  it('a sent welcome is sent, and says nothing more', () => {
    expect(deliveryOf(facts({ welcomeJob: 'done||' }))).toMatchObject({ welcome: 'sent', welcomeNote: '' })
  })

  it('a welcome the relay judged delivered after losing sight of its send says why', () => {
    const note =
      '上次发送的结果未知（中转服务中断或企业微信未及时答复），再次发送时企业微信答复此欢迎语码已用过：客户很可能已收到'
    expect(deliveryOf(facts({ welcomeJob: `done|41050|${note}` }))).toEqual({
      welcome: 'sent',
      tags: 'none',
      welcomeNote: note,
      tagsNote: '',
    })
  })

  it('a failed welcome gives WeCom’s reason', () => {
    const outcome = deliveryOf(facts({ welcomeJob: 'failed|41051|' }))
    expect(outcome.welcome).toBe('failed')
    expect(outcome.welcomeNote).toMatch(/^欢迎语未发送：/)
    expect(outcome.tagsNote).toBe('')
  })

  it('keeps a tags reason apart from the welcome’s, so each shows beside its own outcome', () => {
    const outcome = deliveryOf(
      facts({ codeTagCount: 2, welcomeJob: 'failed|41051|', tagsJob: 'failed|40068' }),
    )
    expect(outcome).toMatchObject({ welcome: 'failed', tags: 'failed' })
    expect(outcome.welcomeNote).toMatch(/^欢迎语未发送：/)
    expect(outcome.tagsNote).toMatch(/^打标签失败：/)
  })
})
