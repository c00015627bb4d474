// Every WeCom endpoint this project calls (WECOM.md), typed and lightly validated: a malformed answer
// becomes a clear WeComError (-2) instead of an undefined deep inside a service.

import { z } from 'zod'
import { WeComError, isWeComError } from './errors'
import { WeComTransport, type CallSpec } from './http'
import type { ContactWay, WeComClient, WeComClientOptions } from './types'

const followInfo = z.looseObject({
  userid: z.string(),
  remark: z.string().default(''),
  description: z.string().default(''),
  createtime: z.number().default(0),
  tag_id: z.array(z.string()).default([]),
  add_way: z.number().default(0),
  oper_userid: z.string().default(''),
  state: z.string().optional(),
})
const externalContact = z.looseObject({
  external_userid: z.string(),
  name: z.string().default(''),
  avatar: z.string().optional(),
  type: z.number().default(1),
  gender: z.number().optional(),
  unionid: z.string().optional(),
  corp_name: z.string().optional(),
})
const user = z.looseObject({
  userid: z.string(),
  name: z.string().default(''),
  department: z.array(z.number()).default([]),
  status: z.number().default(1),
})
const contactWay = z.looseObject({
  config_id: z.string(),
  type: z.number(),
  scene: z.number(),
  style: z.number().optional(),
  remark: z.string().default(''),
  skip_verify: z.boolean().default(true),
  state: z.string().default(''),
  qr_code: z.string().default(''),
  user: z.array(z.string()).default([]),
  party: z.array(z.number()).default([]),
})
const tag = z.looseObject({
  id: z.string(),
  name: z.string(),
  create_time: z.number().default(0),
  order: z.number().default(0),
  deleted: z.boolean().optional(),
})
const tagGroup = z.looseObject({
  group_id: z.string(),
  group_name: z.string(),
  create_time: z.number().default(0),
  order: z.number().default(0),
  deleted: z.boolean().optional(),
  tag: z.array(tag).default([]),
})

/**
 * The shape of each answer, built once: zod compiles a schema on its first parse, so one made per
 * call was compiled again on every call (most of the CPU of a reconcile page of 100 contacts).
 */
const answers = {
  followUserList: z.object({ follow_user: z.array(z.string()).default([]) }),
  departmentList: z.object({
    department: z
      .array(
        z.looseObject({
          id: z.number(),
          name: z.string(),
          parentid: z.number().default(0),
          order: z.number().optional(),
        }),
      )
      .default([]),
  }),
  userList: z.object({ userlist: z.array(user).default([]) }),
  corpTagList: z.object({ tag_group: z.array(tagGroup).default([]) }),
  addedWay: z.object({ config_id: z.string(), qr_code: z.string() }),
  oneWay: z.object({ contact_way: contactWay }),
  wayList: z.object({
    contact_way: z.array(z.object({ config_id: z.string() })).default([]),
    next_cursor: z.string().default(''),
  }),
  externalList: z.object({ external_userid: z.array(z.string()).default([]) }),
  externalContactAnswer: z.object({
    external_contact: externalContact,
    follow_user: z
      .array(followInfo.omit({ tag_id: true }).extend({ tags: z.array(z.unknown()).optional() }))
      .default([]),
    next_cursor: z.string().default(''),
  }),
  byUserPage: z.object({
    external_contact_list: z
      .array(z.object({ external_contact: externalContact, follow_info: followInfo }))
      .default([]),
    next_cursor: z.string().default(''),
    fail_info: z.object({ unlicensed_userid_list: z.array(z.string()).default([]) }).optional(),
  }),
  uploadedImage: z.object({ url: z.string().min(1) }),
  uploaded: z.object({
    media_id: z.string(),
    created_at: z.union([z.number(), z.string()]).transform(Number),
  }),
}

export function createWeComClient(options: WeComClientOptions): WeComClient {
  const t = new WeComTransport(options)

  async function get<S extends z.ZodType>(path: string, query: Record<string, string | number>, schema: S) {
    return parse(path, schema, await t.call({ method: 'GET', path, query, idempotent: true }))
  }
  async function post<S extends z.ZodType>(
    path: string,
    body: unknown,
    schema: S,
    extra: Partial<CallSpec> = {},
  ) {
    return parse(path, schema, await t.call({ method: 'POST', path, body, ...extra }))
  }

  const client: WeComClient = {
    corpId: options.corpId,
    getToken: (force) => t.getToken(force),

    async getFollowUserList() {
      const a = await get('/cgi-bin/externalcontact/get_follow_user_list', {}, answers.followUserList)
      return a.follow_user
    },
    getUser: (userid) => get('/cgi-bin/user/get', { userid }, user),
    async listDepartments() {
      const a = await get('/cgi-bin/department/list', {}, answers.departmentList)
      return a.department
    },
    async listUsers(departmentId) {
      const a = await get('/cgi-bin/user/list', { department_id: departmentId }, answers.userList)
      return a.userlist
    },
    async getCorpTagList() {
      const a = await post('/cgi-bin/externalcontact/get_corp_tag_list', {}, answers.corpTagList, {
        idempotent: true,
      })
      return a.tag_group
    },
    async markTag(input) {
      await t.call({
        method: 'POST',
        path: '/cgi-bin/externalcontact/mark_tag',
        body: input,
        idempotent: true,
      })
    },
    async addContactWay(input) {
      // skip_verify defaults to true in WeCom: always send it so "off" really is off.
      return post(
        '/cgi-bin/externalcontact/add_contact_way',
        { ...input, skip_verify: input.skip_verify },
        answers.addedWay,
      )
    },
    async updateContactWay(input) {
      await t.call({
        method: 'POST',
        path: '/cgi-bin/externalcontact/update_contact_way',
        body: input,
        idempotent: true,
      })
    },
    async getContactWay(configId): Promise<ContactWay> {
      const a = await post(
        '/cgi-bin/externalcontact/get_contact_way',
        { config_id: configId },
        answers.oneWay,
        {
          idempotent: true,
        },
      )
      return a.contact_way
    },
    async listContactWay(input) {
      const a = await post('/cgi-bin/externalcontact/list_contact_way', input, answers.wayList, {
        idempotent: true,
      })
      return { config_ids: a.contact_way.map((w) => w.config_id), next_cursor: a.next_cursor }
    },
    async delContactWay(configId) {
      try {
        await t.call({
          method: 'POST',
          path: '/cgi-bin/externalcontact/del_contact_way',
          body: { config_id: configId },
          idempotent: true,
        })
      } catch (error) {
        // 41044: unknown config_id — already gone, which is what the caller wanted.
        if (!isWeComError(error, 41044)) throw error
      }
    },
    async listExternalContacts(userid) {
      try {
        const a = await get('/cgi-bin/externalcontact/list', { userid }, answers.externalList)
        return a.external_userid
      } catch (error) {
        // 84061: the member has no customers — an empty list, not a failure.
        if (isWeComError(error, 84061)) return []
        throw error
      }
    },
    async getExternalContact(externalUserid, cursor) {
      return get(
        '/cgi-bin/externalcontact/get',
        { external_userid: externalUserid, ...(cursor ? { cursor } : {}) },
        answers.externalContactAnswer,
      )
    },
    async batchGetByUser(input) {
      const a = await post(
        '/cgi-bin/externalcontact/batch/get_by_user',
        {
          userid_list: input.userid_list,
          cursor: input.cursor ?? '',
          limit: Math.min(input.limit ?? 100, 100),
        },
        answers.byUserPage,
        { idempotent: true },
      )
      return {
        external_contact_list: a.external_contact_list,
        next_cursor: a.next_cursor,
        unlicensed_userids: a.fail_info?.unlicensed_userid_list ?? [],
      }
    },
    async sendWelcomeMsg(input) {
      // Not idempotent: a resend after a lost answer would hit 41051/41096 anyway, never a second message.
      await t.call({ method: 'POST', path: '/cgi-bin/externalcontact/send_welcome_msg', body: input })
    },
    async uploadMedia(input) {
      const form = new FormData()
      form.append('media', new Blob([new Uint8Array(input.data)], { type: input.mimeType }), input.fileName)
      const a = await t.call({
        method: 'POST',
        path: '/cgi-bin/media/upload',
        query: { type: input.type },
        body: form,
      })
      return parse('/cgi-bin/media/upload', answers.uploaded, a)
    },
    async uploadImage(input) {
      const form = new FormData()
      form.append('media', new Blob([new Uint8Array(input.data)], { type: input.mimeType }), input.fileName)
      const a = await t.call({ method: 'POST', path: '/cgi-bin/media/uploadimg', body: form })
      return parse('/cgi-bin/media/uploadimg', answers.uploadedImage, a)
    },
    async remark(input) {
      // Setting the same remark twice leaves it as it is: safe to retry.
      await t.call({ method: 'POST', path: '/cgi-bin/externalcontact/remark', body: input, idempotent: true })
    },
  }
  return client
}

function parse<S extends z.ZodType>(path: string, schema: S, answer: unknown): z.output<S> {
  const result = schema.safeParse(answer)
  if (!result.success) throw new WeComError(-2, `企业微信返回了无法识别的数据（${path}）`, path)
  return result.data
}
