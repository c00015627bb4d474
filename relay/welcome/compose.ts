// What one welcome sends: the message (a time window's, else the code's own, else the corp's default),
// its placeholders filled, its attachments turned into send_welcome_msg's shapes with files uploaded
// through the media cache. Everything that needs WeCom (names, uploads) runs at once, and the
// customer's name has a budget inside the 20 s: without it the text goes out on time, minus the name.

import type { CodePolicy, RelaySettings } from '../../common/relay-api'
import type { RichAttachment, WelcomeMessage } from '../../common/welcome-schemas'
import { fillPlaceholders, usesCustomerName } from '../../common/welcome-text'
import { DEFAULT_TIME_ZONE } from '../../common/limits'
import type { WeComClient, WelcomeAttachmentPayload } from '../../wecom/types'
import type { MediaCache } from './media'
import type { NameSource } from './names'
import { windowAt } from './windows'
import { weekdaysLabel } from '../../common/welcome-schemas'

/** The customer's name is waited for at most this long, and never closer than SEND_MARGIN_MS to the deadline. */
const NAME_BUDGET_MS = 4_000
const SEND_MARGIN_MS = 6_000

export interface WelcomeJob {
  corpId: string
  userid: string
  externalUserid: string
  /** WeCom's CreateTime of the add, epoch seconds (0 when unknown: the job's own time is used). */
  createTime: number
  deadline: number | null
  createdAt: number
}

export type Chosen =
  | { kind: 'message'; message: WelcomeMessage; detail: string }
  | { kind: 'skip' }
  | { kind: 'fail'; error: string }

/** The base message of a code: its own text with its attachments, or the corp's default welcome. */
function baseMessage(policy: CodePolicy, settings: RelaySettings | null): Chosen {
  if (policy.welcome.mode === 'none') return { kind: 'skip' }
  if (policy.welcome.mode === 'default') {
    const content = settings?.defaultWelcome
    // A code on 默认欢迎语 whose default the relay does not have (never pushed, or empty) is a failure
    // the manager must see, not a silent skip.
    if (!content || (!content.text.trim() && !content.attachment))
      return {
        kind: 'fail',
        error: content
          ? '默认欢迎语是空的：请在 设置 › 默认欢迎语 中填写'
          : '中转服务还没有收到默认欢迎语：请在 设置 › 默认欢迎语 中保存一次',
      }
    return {
      kind: 'message',
      message: { text: content.text, attachments: content.attachment ? [content.attachment] : [] },
      detail: '',
    }
  }
  const attachments: RichAttachment[] =
    policy.welcomeAttachments ?? (policy.welcome.attachment ? [policy.welcome.attachment] : [])
  if (!policy.welcome.text.trim() && attachments.length === 0) return { kind: 'skip' }
  return { kind: 'message', message: { text: policy.welcome.text, attachments }, detail: '' }
}

export function chooseMessage(policy: CodePolicy, settings: RelaySettings | null, at: number): Chosen {
  if (policy.welcome.mode === 'none') return { kind: 'skip' }
  const windows = policy.welcomeWindows ?? []
  const i = windows.length ? windowAt(windows, at, settings?.timeZone ?? DEFAULT_TIME_ZONE) : -1
  if (i >= 0) {
    const w = windows[i]!
    return {
      kind: 'message',
      message: w.message,
      detail: `分时段欢迎语（${weekdaysLabel(w.weekdays)} ${w.start}–${w.end}）`,
    }
  }
  return baseMessage(policy, settings)
}

export interface Composed {
  text: string
  attachments: WelcomeAttachmentPayload[]
  detail: string
}

export async function composeWelcome(
  deps: { client: WeComClient; media: MediaCache; names: NameSource; now: () => number },
  policy: CodePolicy,
  message: WelcomeMessage,
  job: WelcomeJob,
): Promise<Composed> {
  const { client, media, names, now } = deps
  const needsCustomer = usesCustomerName(message.text)
  const needsMember = message.text.includes('{成员姓名}')
  const budget = Math.min(NAME_BUDGET_MS, (job.deadline ?? Infinity) - now() - SEND_MARGIN_MS)
  const [customerName, memberName, attachments] = await Promise.all([
    needsCustomer ? names.customerName(client, job.externalUserid, budget) : Promise.resolve(''),
    needsMember ? names.memberName(client, job.userid, Math.max(budget, 1000)) : Promise.resolve(''),
    Promise.all(message.attachments.map((a) => payloadOf(client, media, job.corpId, a))),
  ])
  const notes: string[] = []
  if (customerName === null) notes.push('未能及时取得客户昵称，欢迎语不带昵称发出')
  if (memberName === null) notes.push('未能取得成员姓名，欢迎语不带姓名发出')
  const text = fillPlaceholders(message.text, {
    customerName: customerName ?? '',
    memberName: memberName ?? '',
    channelName: policy.name,
  })
  return { text, attachments, detail: notes.join('；') }
}

async function payloadOf(
  client: WeComClient,
  media: MediaCache,
  corpId: string,
  a: RichAttachment,
): Promise<WelcomeAttachmentPayload> {
  switch (a.kind) {
    case 'image':
      return { msgtype: 'image', image: { media_id: await media.get(corpId, client, 'image', a) } }
    case 'link': {
      const picurl = a.cover ? await media.get(corpId, client, 'url', a.cover) : a.picUrl
      return {
        msgtype: 'link',
        link: {
          title: a.title,
          url: a.url,
          ...(a.desc ? { desc: a.desc } : {}),
          ...(picurl ? { picurl } : {}),
        },
      }
    }
    case 'miniprogram':
      return {
        msgtype: 'miniprogram',
        miniprogram: {
          title: a.title,
          appid: a.appid,
          page: a.page,
          pic_media_id: await media.get(corpId, client, 'image', a.cover),
        },
      }
    case 'video':
      return { msgtype: 'video', video: { media_id: await media.get(corpId, client, 'video', a) } }
    case 'file':
      return { msgtype: 'file', file: { media_id: await media.get(corpId, client, 'file', a) } }
  }
}
