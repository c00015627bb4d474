import { describe, expect, it } from 'vitest'
import { AppError } from '../../common/bridge-result'
import { callNames } from '../../common/contract'
import { dispatch } from '../../main/bridge/dispatch'
import { recordingHandlers } from '../fixtures/handlers'

const validCode = {
  name: '门店海报',
  memberUserids: ['zhangsan'],
  tagIds: [],
  welcome: { mode: 'none', text: '', attachment: null },
  autoAccept: { mode: 'on', windows: [] },
}

describe('the bridge dispatcher', () => {
  it('routes a valid call to its handler with defaults applied', async () => {
    const { handlers, reached } = recordingHandlers()
    const result = await dispatch(handlers, 'listCodes', { name: '海报' })
    expect(result.ok).toBe(true)
    expect(reached).toEqual([{ name: 'listCodes', input: { name: '海报', page: 1, pageSize: 10 } }])
  })

  it('refuses unknown names and prototype keys without reaching any handler', async () => {
    const { handlers, reached } = recordingHandlers()
    for (const name of ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'dropDatabase']) {
      const result = await dispatch(handlers, name, {})
      expect(result).toMatchObject({ ok: false, code: 'UNKNOWN_CALL' })
    }
    expect(reached).toHaveLength(0)
  })

  it('rejects bad input with a clear Chinese message per field and never calls the service', async () => {
    const { handlers, reached } = recordingHandlers()
    const cases: [unknown, string, string][] = [
      [{ ...validCode, name: '   ' }, 'name', '请输入渠道活码名称'],
      [{ ...validCode, name: '一'.repeat(31) }, 'name', '渠道活码名称不能超过 30 个字'],
      [{ ...validCode, memberUserids: [] }, 'memberUserids', '请至少选择一名使用人员'],
      [
        { ...validCode, welcome: { mode: 'own', text: '', attachment: null } },
        'welcome.text',
        '渠道欢迎语不能为空',
      ],
      [
        { ...validCode, welcome: { mode: 'own', text: '中'.repeat(1400), attachment: null } },
        'welcome.text',
        '欢迎语过长',
      ],
      [
        {
          ...validCode,
          welcome: {
            mode: 'own',
            text: 'hi',
            attachment: { kind: 'link', title: 't', url: 'ftp://x', desc: '', picUrl: '' },
          },
        },
        'welcome.attachment.url',
        '链接地址须以 http:// 或 https:// 开头',
      ],
      [
        {
          ...validCode,
          welcome: {
            mode: 'own',
            text: '',
            attachment: { kind: 'image', fileName: 'a.gif', mimeType: 'image/gif', dataBase64: 'R0lGODlh' },
          },
        },
        'welcome.attachment.mimeType',
        '图片只支持 JPG 或 PNG 格式',
      ],
      [
        {
          ...validCode,
          autoAccept: {
            mode: 'scheduled',
            windows: [
              { weekday: 1, start: '09:00', end: '12:00' },
              { weekday: 1, start: '11:00', end: '13:00' },
            ],
          },
        },
        'autoAccept.windows',
        '重叠',
      ],
      [
        { ...validCode, autoAccept: { mode: 'scheduled', windows: [] } },
        'autoAccept.windows',
        '至少需要一个时段',
      ],
      [{ ...validCode, extra: 1 }, '_', ''],
    ]
    for (const [input, field, message] of cases) {
      const result = await dispatch(handlers, 'createCode', input)
      expect(result.ok, JSON.stringify(input).slice(0, 80)).toBe(false)
      if (result.ok) continue
      expect(result.code).toBe('VALIDATION')
      expect(Object.keys(result.fields ?? {})).toContain(field)
      expect(result.fields?.[field]).toContain(message)
    }
    expect(reached).toHaveLength(0)
  })

  it('passes expected service failures through as data', async () => {
    const { handlers } = recordingHandlers({
      getCode: async () => {
        throw new AppError('NOT_FOUND', '活码不存在或已删除')
      },
    })
    expect(await dispatch(handlers, 'getCode', { id: 3 })).toEqual({
      ok: false,
      code: 'NOT_FOUND',
      message: '活码不存在或已删除',
    })
  })

  it('turns WeCom client errors into WECOM failures with the errcode', async () => {
    const wecomError = Object.assign(new Error('本机 IP 不在应用的企业可信 IP 中'), {
      name: 'WeComError',
      errcode: 60020,
    })
    const { handlers } = recordingHandlers({
      checkWorkspace: async () => {
        throw wecomError
      },
    })
    expect(await dispatch(handlers, 'checkWorkspace', {})).toMatchObject({
      ok: false,
      code: 'WECOM',
      errcode: 60020,
    })
  })

  it('hides unexpected errors behind a generic message and logs them', async () => {
    const logged: string[] = []
    const { handlers } = recordingHandlers({
      listTagGroups: async () => {
        throw new TypeError('cannot read x of undefined')
      },
    })
    const result = await dispatch(handlers, 'listTagGroups', {}, (m) => logged.push(m))
    expect(result).toMatchObject({ ok: false, code: 'INTERNAL' })
    expect(JSON.stringify(result)).not.toContain('undefined')
    expect(logged).toEqual(['call listTagGroups failed'])
  })

  it('has a strict schema for every call: extra keys are refused before any handler runs', async () => {
    const { handlers, reached } = recordingHandlers()
    for (const name of callNames) {
      const result = await dispatch(handlers, name, { unexpectedKey: true })
      expect(result, name).toMatchObject({ ok: false, code: 'VALIDATION' })
    }
    expect(reached).toEqual([])
  })
})
