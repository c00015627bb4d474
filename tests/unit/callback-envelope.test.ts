// The envelope is read before anyone is authenticated: only the Encrypt value, found in the raw bytes,
// and the signature over it computed the way WeCom (and @wecom/crypto) does.

import { getSignature } from '@wecom/crypto'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { envelopeEncrypt } from '../../wecom/callback-envelope'
import { isBase64, wecomSignature } from '../../wecom/callback-crypto'

const read = (text: string) => envelopeEncrypt(Buffer.from(text))?.toString('latin1') ?? null

describe('the callback envelope', () => {
  it('finds the Encrypt value in CDATA or as plain text, and nothing in what is not an envelope', () => {
    expect(
      read('<xml><ToUserName><![CDATA[ww1]]></ToUserName><Encrypt><![CDATA[QUJD]]></Encrypt></xml>'),
    ).toBe('QUJD')
    expect(read('<xml><Encrypt> QUJD\n</Encrypt></xml>')).toBe('QUJD')
    for (const junk of [
      '',
      '<xml></xml>',
      '<xml><Encrypt><![CDATA[QUJD',
      '<xml><Encrypt><![CDATA[QUJD]]>x</Encrypt></xml>',
      '<xml><Encrypt>QUJD',
      '<xml><Encrypt></Encrypt></xml>',
      '<xml><Encrypt><![CDATA[]]></Encrypt></xml>',
    ]) {
      expect(read(junk)).toBeNull()
    }
  })

  it('signs exactly as @wecom/crypto for every value WeCom can send', () => {
    const ascii = fc.string({
      unit: fc.integer({ min: 0x21, max: 0x7e }).map((c) => String.fromCharCode(c)),
      maxLength: 64,
    })
    fc.assert(
      fc.property(
        ascii,
        fc.stringMatching(/^[0-9]{1,12}$/),
        ascii,
        fc.base64String({ maxLength: 400 }),
        (token, ts, nonce, enc) => {
          const mine = wecomSignature(token, ts, nonce, Buffer.from(enc))
          expect(mine).toBe(getSignature(token, ts, nonce, enc))
          expect(wecomSignature(token, ts, nonce, enc)).toBe(mine)
        },
      ),
      { numRuns: 500, seed: 20261202 },
    )
  })
})

describe('the Encrypt value check', () => {
  it('accepts exactly what /^[A-Za-z0-9+/]+={0,2}$/ accepts', () => {
    const reference = /^[A-Za-z0-9+/]+={0,2}$/
    const samples = [
      '',
      '=',
      '==',
      'a',
      'a=',
      'a==',
      'a===',
      'ab+/09Z',
      'ab cd',
      'ab\ncd',
      'ab=c',
      '中文',
      'ÿ',
      'a-b',
      'a_b',
    ]
    for (const s of samples) expect(isBase64(s), JSON.stringify(s)).toBe(reference.test(s))
    for (let c = 0; c < 300; c++) {
      const s = `QUJD${String.fromCharCode(c)}RA==`
      expect(isBase64(s), `char ${c}`).toBe(reference.test(s))
    }
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...'AZaz09+/= -_\n中'.split('')) }), (s) => {
        expect(isBase64(s)).toBe(reference.test(s))
      }),
    )
  })
})
