// The flat-XML fast path must read exactly what the full parser reads, or step aside (null) and let it.

import { describe, expect, it } from 'vitest'
import { readFlatXml } from '../../wecom/flat-xml'
import { readAnyXml, readCallbackMessage } from '../../wecom/callback-message'
import { cdata, eventXml } from '../../wecom/callback-xml'

describe('flat XML fast path', () => {
  it('reads a customer event as the full parser does', () => {
    const xml = eventXml('ww1', {
      changeType: 'add_external_contact',
      userid: 'zhangsan',
      externalUserid: 'wmAbC',
      createTime: 1_700_000_000,
      state: ' 门店 a ',
      welcomeCode: 'WC]]>1',
      source: '',
    })
    const flat = readFlatXml(xml)
    expect(flat).not.toBeNull()
    expect(flat).toEqual(readAnyXml(xml))
    expect(flat!.State).toBe(' 门店 a ')
    expect(flat!.WelcomeCode).toBe('WC]]>1')
    expect(readCallbackMessage(xml)).toMatchObject({
      changeType: 'add_external_contact',
      createTime: 1_700_000_000,
    })
  })

  it('steps aside for every shape it does not take, which the full parser then reads', () => {
    const others = [
      '<?xml version="1.0"?><xml><A>1</A></xml>',
      '<xml><A>1</A><A>2</A></xml>',
      '<xml><A a="1">1</A></xml>',
      '<xml><A/></xml>',
      '<xml><A>a&amp;b</A></xml>',
      '<xml><List><Item><B>1</B></Item></List><C>2</C></xml>',
      '<xml><A><![CDATA[a]]>b</A></xml>',
      '<xml>text<A>1</A></xml>',
      '<xml><A>1</A></xml>junk',
      '<xml><__proto__>1</__proto__></xml>',
      '<xml><A>1</B></xml>',
      '<xml><A>1</A>',
      'not xml',
    ]
    for (const xml of others) expect(readFlatXml(xml), xml).toBeNull()
    expect(readCallbackMessage('<xml><List><Item><B>1</B></Item></List><C>2</C></xml>')?.fields).toEqual({
      C: '2',
    })
  })

  it('agrees with the full parser on generated flat messages', () => {
    // A small deterministic generator: names, CDATA or text values with spaces, whitespace between.
    let seed = 13
    const rnd = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31
      return Math.floor(seed / 65536) % n
    }
    const pieces = ['a', ' ', '中', '\n', '1', '>', ']', 'x y', '\t', '"', "'"]
    const text = () => Array.from({ length: rnd(6) }, () => pieces[rnd(pieces.length)]).join('')
    let fast = 0
    for (let k = 0; k < 2000; k++) {
      const names = new Set<string>()
      let xml = rnd(2) ? '<xml>' : ' \n<xml>'
      for (let f = rnd(8); f > 0; f--) {
        const name = `F${rnd(6)}`
        names.add(name)
        const v = text()
        xml +=
          (rnd(3) === 0 ? '\n  ' : '') + `<${name}>${rnd(2) ? cdata(v) : v.replace(/[<&]/g, '')}</${name}>`
      }
      xml += rnd(2) ? '</xml>' : '</xml>\n'
      const flat = readFlatXml(xml)
      if (flat) {
        fast += 1
        expect(flat, xml).toEqual(readAnyXml(xml))
      }
    }
    // Most generated messages have no repeated name and take the fast path.
    expect(fast).toBeGreaterThan(200)
  })
})
