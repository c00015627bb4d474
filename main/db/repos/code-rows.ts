// Row shapes of the code tables and their mapping to the domain types in common/domain.ts.

import { wecomErrorMessage } from '../../../wecom/errcodes'
import type {
  AutoAcceptMode,
  Code,
  CodeOrigin,
  CodeSummary,
  CodeWelcome,
  RelayState,
  RetiredQr,
  ScheduleWindow,
  WelcomeMode,
} from '../../../common/domain'

export interface CodeRow {
  id: number
  config_id: string
  state: string
  name: string
  qr_url: string
  qr_content: string | null
  creator: string
  created_at: number
  updated_at: number
  origin: CodeOrigin
  relay_state: RelayState
  deleted_at: number | null
  way_type: 1 | 2 | null
  party_ids: string
  /** JSON arrays built by the list query. */
  member_userids: string
  tag_ids: string
  /** The relay's last auto-accept flip for the code, 'status|errcode|error', or null. */
  last_flip: string | null
}

export interface WelcomeRow {
  mode: WelcomeMode
  text: string
  attachment_kind: 'image' | 'link' | null
  image_bytes: Buffer | null
  image_mime: string | null
  image_file_name: string | null
  link_title: string | null
  link_url: string | null
  link_desc: string | null
  link_pic_url: string | null
}

export interface WindowRow {
  weekday: number
  start_time: string
  end_time: string
}

/** Columns every code query selects; the child lists come back as JSON arrays in position order. */
export const CODE_COLUMNS = `c.id, c.config_id, c.state, c.name, c.qr_url, c.qr_content, c.creator, c.created_at,
  c.updated_at, c.origin, c.relay_state, c.deleted_at, c.way_type, c.party_ids,
  (SELECT json_group_array(userid) FROM (SELECT userid FROM code_members WHERE code_id = c.id ORDER BY position))
    AS member_userids,
  (SELECT json_group_array(tag_id) FROM (SELECT tag_id FROM code_tags WHERE code_id = c.id ORDER BY position))
    AS tag_ids,
  (SELECT a.status || '|' || coalesce(a.errcode, '') || '|' || coalesce(a.last_error, '') FROM relay_actions a
    WHERE c.state <> '' AND a.state = c.state AND a.userid = '' AND a.external_userid = ''
      AND a.kind = 'skip_verify' ORDER BY a.id DESC LIMIT 1) AS last_flip`

export function toSummary(row: CodeRow): CodeSummary {
  return {
    id: row.id,
    name: row.name,
    configId: row.config_id,
    state: row.state,
    qrUrl: row.qr_url,
    tagIds: JSON.parse(row.tag_ids) as string[],
    memberUserids: JSON.parse(row.member_userids) as string[],
    creator: row.creator,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    origin: row.origin,
    relayState: row.relay_state,
    autoAcceptIssue: flipIssue(row.last_flip),
  }
}

/** The relay's last skip_verify flip ('status|errcode|error'): a message when it failed. */
function flipIssue(lastFlip: string | null): string | null {
  if (!lastFlip) return null
  const [status = '', code = '', ...rest] = lastFlip.split('|')
  if (status !== 'failed' && status !== 'dead') return null
  const why = (code === '' ? '' : wecomErrorMessage(Number(code))) || rest.join('|') || '企业微信拒绝了修改'
  return `自动通过好友没能按时段切换：${why}。中转服务每 10 分钟会再试一次`
}

export function toWelcome(row: WelcomeRow | undefined): CodeWelcome {
  if (!row) return { mode: 'none', text: '', attachment: null }
  const base = { mode: row.mode, text: row.text }
  if (row.attachment_kind === 'image' && row.image_bytes) {
    return {
      ...base,
      attachment: {
        kind: 'image',
        fileName: row.image_file_name ?? 'image',
        mimeType: row.image_mime === 'image/jpeg' ? 'image/jpeg' : 'image/png',
        dataBase64: row.image_bytes.toString('base64'),
      },
    }
  }
  if (row.attachment_kind === 'link') {
    return {
      ...base,
      attachment: {
        kind: 'link',
        title: row.link_title ?? '',
        url: row.link_url ?? '',
        desc: row.link_desc ?? '',
        picUrl: row.link_pic_url ?? '',
      },
    }
  }
  return { ...base, attachment: null }
}

/** Bind parameters for code_welcome; the image is kept as bytes, not base64 text. */
export function welcomeParams(codeId: number, w: CodeWelcome): Record<string, unknown> {
  const a = w.attachment
  return {
    code_id: codeId,
    mode: w.mode,
    text: w.text,
    attachment_kind: a?.kind ?? null,
    image_bytes: a?.kind === 'image' ? Buffer.from(a.dataBase64, 'base64') : null,
    image_mime: a?.kind === 'image' ? a.mimeType : null,
    image_file_name: a?.kind === 'image' ? a.fileName : null,
    link_title: a?.kind === 'link' ? a.title : null,
    link_url: a?.kind === 'link' ? a.url : null,
    link_desc: a?.kind === 'link' ? a.desc : null,
    link_pic_url: a?.kind === 'link' ? a.picUrl : null,
  }
}

/** A code from its row and its child rows (welcome, schedule, windows). */
export function codeFromRows(
  row: CodeRow,
  welcome: WelcomeRow | undefined,
  mode: AutoAcceptMode | undefined,
  windows: WindowRow[],
  qrHistory: RetiredQr[],
): Code {
  const w: ScheduleWindow[] = windows.map((x) => ({
    weekday: x.weekday,
    start: x.start_time,
    end: x.end_time,
  }))
  return {
    ...toSummary(row),
    welcome: toWelcome(welcome),
    autoAccept: { mode: mode ?? 'off', windows: w },
    wayType: row.way_type,
    qrHistory,
  }
}
