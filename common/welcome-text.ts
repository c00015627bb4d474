// Placeholder filling for welcome texts and remark templates — one function for the relay (what the
// customer receives) and the form's preview (what the manager sees before saving), so both agree.

import { DESCRIPTION_MAX_CHARS, REMARK_MAX_CHARS } from './welcome-schemas'

export interface PlaceholderValues {
  /** The customer's WeChat name; '' when externalcontact/get failed or came too late. */
  customerName: string
  memberName: string
  channelName: string
}

const CUSTOMER = '{客户昵称}'
const MEMBER = '{成员姓名}'
const CHANNEL = '{渠道名称}'

/** Replaces every placeholder; a missing value leaves nothing behind (never the braces). */
export function fillPlaceholders(text: string, v: PlaceholderValues): string {
  return text
    .split(CUSTOMER)
    .join(v.customerName)
    .split(MEMBER)
    .join(v.memberName)
    .split(CHANNEL)
    .join(v.channelName)
}

export function usesCustomerName(text: string): boolean {
  return text.includes(CUSTOMER)
}

const chars = (s: string) => [...s].length
const cut = (s: string, n: number) => [...s].slice(0, Math.max(0, n)).join('')
/** Separators a template puts around a placeholder that may come out empty ('-渠道' → '渠道'). */
const EDGES = /^[\s\-_|·,，、:：/]+|[\s\-_|·,，、:：/]+$/g

export interface FilledRemark {
  remark: string
  description: string
  /** Why the result differs from the plain filling (Chinese), or ''. */
  note: string
}

/**
 * The remark and description for a new customer. WeCom takes at most 20 characters of remark: the
 * customer's name is trimmed to fit, never the channel. A channel name that cannot fit whole (code
 * names may have 30 characters) is left out of the remark and written whole at the start of the
 * description instead, so what the manager reads is never a cut channel.
 */
export function fillRemark(
  template: { remark: string; description: string },
  v: PlaceholderValues,
): FilledRemark {
  const notes: string[] = []
  let remarkTemplate = template.remark
  let description = template.description ? fillPlaceholders(template.description, v).replace(EDGES, '') : ''
  const withName = (name: string, t: string) =>
    fillPlaceholders(t, { ...v, customerName: name }).replace(EDGES, '')
  if (
    remarkTemplate &&
    chars(withName('', remarkTemplate)) > REMARK_MAX_CHARS &&
    remarkTemplate.includes(CHANNEL)
  ) {
    remarkTemplate = remarkTemplate.split(CHANNEL).join('')
    description = description.includes(v.channelName) ? description : `${v.channelName} ${description}`.trim()
    notes.push('渠道名称超过备注长度上限，已写入描述')
  }
  let remark = ''
  if (remarkTemplate) {
    remark = withName(v.customerName, remarkTemplate)
    if (chars(remark) > REMARK_MAX_CHARS) {
      // The room the fixed words leave, separators included (they stay once a name is there).
      const room =
        REMARK_MAX_CHARS - chars(fillPlaceholders(remarkTemplate, { ...v, customerName: '' }).trim())
      const name = cut(v.customerName, room)
      remark = withName(name, remarkTemplate)
      if (room > 0) notes.push('客户昵称过长，备注中已截短')
      // Fixed text longer than the limit by itself: the template's own words are cut, last resort.
      if (chars(remark) > REMARK_MAX_CHARS) remark = cut(remark, REMARK_MAX_CHARS)
    }
  }
  if (chars(description) > DESCRIPTION_MAX_CHARS) description = cut(description, DESCRIPTION_MAX_CHARS)
  return { remark, description, note: notes.join('；') }
}
