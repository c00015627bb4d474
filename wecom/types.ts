// The WeCom server API as this project uses it (WECOM.md). Plain Node; the desktop and the relay both
// build a client from these types and point it at WeCom or at the sandbox through `apiBase`.

export interface WeComClientOptions {
  /** e.g. 'https://qyapi.weixin.qq.com' or the sandbox's base; paths '/cgi-bin/…' are appended. */
  apiBase: string
  corpId: string
  secret: string
  /** Client-side cap on calls per minute to each API (default 5,000: half WeCom's 10,000 per corp per API; an hour gets 7.5 minutes' worth). */
  callsPerMinute?: number
  /** Calls in flight at once (default 8). */
  maxConcurrency?: number
  /** Per-request timeout in ms (default 10,000). */
  timeoutMs?: number
  /** Attempts on -1 / 45009 / 45033 before giving up (default 3 retries after the first try). */
  maxRetries?: number
  /** Base backoff in ms for retryable errcodes (default 500; tests shrink it). */
  backoffBaseMs?: number
  /** Told after every request whether WeCom answered at all (false: network failure or timeout). */
  onReachability?: (reachable: boolean) => void
}

export interface FollowInfo {
  userid: string
  remark: string
  description: string
  createtime: number
  tag_id: string[]
  add_way: number
  oper_userid: string
  state?: string | undefined
}

export interface ExternalContact {
  external_userid: string
  name: string
  avatar?: string | undefined
  type: number
  gender?: number | undefined
  unionid?: string | undefined
  corp_name?: string | undefined
}

export interface ContactWayInput {
  type: 1 | 2
  scene: 2
  remark: string
  skip_verify: boolean
  state: string
  user: string[]
  party?: number[]
}

/** update_contact_way: type and scene cannot change; everything else is overwritten. */
export type ContactWayUpdate = Omit<ContactWayInput, 'type' | 'scene'> & { config_id: string }

export interface ContactWay {
  config_id: string
  type: number
  scene: number
  style?: number | undefined
  remark: string
  skip_verify: boolean
  state: string
  qr_code: string
  user: string[]
  party: number[]
}

export interface CorpTag {
  id: string
  name: string
  create_time: number
  order: number
  deleted?: boolean | undefined
}

export interface CorpTagGroup {
  group_id: string
  group_name: string
  create_time: number
  order: number
  deleted?: boolean | undefined
  tag: CorpTag[]
}

export interface WeComUser {
  userid: string
  name: string
  department: number[]
  status: number
}

export interface WeComDepartment {
  id: number
  name: string
  parentid: number
  order?: number | undefined
}

export type WelcomeAttachmentPayload =
  | { msgtype: 'image'; image: { media_id: string } | { pic_url: string } }
  | { msgtype: 'link'; link: { title: string; picurl?: string; desc?: string; url: string } }
  | {
      msgtype: 'miniprogram'
      miniprogram: { title: string; pic_media_id: string; appid: string; page: string }
    }
  | { msgtype: 'video'; video: { media_id: string } }
  | { msgtype: 'file'; file: { media_id: string } }

export interface WeComClient {
  readonly corpId: string
  getToken(forceRefresh?: boolean): Promise<string>
  getFollowUserList(): Promise<string[]>
  getUser(userid: string): Promise<WeComUser>
  /** department/list (all departments visible to the app). */
  listDepartments(): Promise<WeComDepartment[]>
  /** user/list of one department (no fetch_child any more, doc 96260): its members with name and departments. */
  listUsers(departmentId: number): Promise<WeComUser[]>
  getCorpTagList(): Promise<CorpTagGroup[]>
  markTag(input: {
    userid: string
    external_userid: string
    add_tag?: string[]
    remove_tag?: string[]
  }): Promise<void>
  addContactWay(input: ContactWayInput): Promise<{ config_id: string; qr_code: string }>
  updateContactWay(input: ContactWayUpdate): Promise<void>
  getContactWay(configId: string): Promise<ContactWay>
  listContactWay(input: {
    start_time?: number
    end_time?: number
    cursor?: string
    limit?: number
  }): Promise<{
    config_ids: string[]
    next_cursor: string
  }>
  /** Resolves even when WeCom answers 41044 (already gone). */
  delContactWay(configId: string): Promise<void>
  listExternalContacts(userid: string): Promise<string[]>
  getExternalContact(
    externalUserid: string,
    cursor?: string,
  ): Promise<{
    external_contact: ExternalContact
    follow_user: (Omit<FollowInfo, 'tag_id'> & { tags?: unknown[] | undefined })[]
    next_cursor: string
  }>
  batchGetByUser(input: { userid_list: string[]; cursor?: string; limit?: number }): Promise<{
    external_contact_list: { external_contact: ExternalContact; follow_info: FollowInfo }[]
    next_cursor: string
    /** Members whose customers could not be read (unlicensed); their lists are incomplete. */
    unlicensed_userids?: string[] | undefined
  }>
  sendWelcomeMsg(input: {
    welcome_code: string
    text?: { content: string }
    attachments?: WelcomeAttachmentPayload[]
  }): Promise<void>
  uploadMedia(input: {
    type: 'image' | 'video' | 'file'
    fileName: string
    mimeType: string
    data: Buffer
  }): Promise<{ media_id: string; created_at: number }>
  /** media/uploadimg: a lasting image URL (a link's picurl); capped at 1,000 a day per corp. */
  uploadImage(input: { fileName: string; mimeType: string; data: Buffer }): Promise<{ url: string }>
  /** externalcontact/remark: remark ≤ 20 characters, description ≤ 150; 84061 on a half-add. */
  remark(input: {
    userid: string
    external_userid: string
    remark?: string
    description?: string
  }): Promise<void>
}
