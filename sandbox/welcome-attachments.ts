// send_welcome_msg's attachment rules as WeCom documents them (WECOM.md › Welcome message): each kind
// with its fields and byte limits, media ids this simulator issued for that media type and not lapsed
// (3 days), pic_url only from media/uploadimg. 40058 for a malformed one, 40007 for a bad media id.

import { utf8Bytes } from '../common/limits'
import { ApiError, type SimCorp } from './corp'
import { isRecord, str } from './api-request'

const LINK_TITLE_MAX_BYTES = 128
const LINK_DESC_MAX_BYTES = 512
const MINIPROGRAM_TITLE_MAX_BYTES = 64

function media(corp: SimCorp, id: unknown, type: string) {
  if (typeof id !== 'string' || !id) throw new ApiError(40058, `${type} media_id missing`)
  if (!corp.mediaValid(id, type)) throw new ApiError(40007, 'invalid media_id')
}

export function checkWelcomeAttachment(corp: SimCorp, a: unknown, apiBase: string) {
  if (!isRecord(a) || typeof a.msgtype !== 'string') throw new ApiError(40058, 'invalid attachment')
  const body = a[a.msgtype]
  if (!isRecord(body)) throw new ApiError(40058, `attachment ${a.msgtype} body missing`)
  switch (a.msgtype) {
    case 'image':
      if (body.media_id !== undefined) return media(corp, body.media_id, 'image')
      if (!str(body.pic_url).startsWith(`${apiBase}/uploadimg/`))
        throw new ApiError(40058, 'pic_url must come from media/uploadimg')
      return
    case 'link': {
      const title = str(body.title)
      if (!title || utf8Bytes(title) > LINK_TITLE_MAX_BYTES) throw new ApiError(40058, 'link title invalid')
      if (utf8Bytes(str(body.desc)) > LINK_DESC_MAX_BYTES)
        throw new ApiError(40058, 'link desc exceed 512 bytes')
      if (!/^https?:\/\//.test(str(body.url))) throw new ApiError(40058, 'link url invalid')
      return
    }
    case 'miniprogram': {
      const title = str(body.title)
      if (!title || utf8Bytes(title) > MINIPROGRAM_TITLE_MAX_BYTES)
        throw new ApiError(40058, 'miniprogram title invalid')
      if (!/^wx[0-9a-f]{16}$/i.test(str(body.appid))) throw new ApiError(40058, 'miniprogram appid invalid')
      if (!str(body.page)) throw new ApiError(40058, 'miniprogram page missing')
      return media(corp, body.pic_media_id, 'image')
    }
    case 'video':
      return media(corp, body.media_id, 'video')
    case 'file':
      return media(corp, body.media_id, 'file')
    default:
      throw new ApiError(40058, `invalid msgtype ${a.msgtype}`)
  }
}

/** media/upload's per-type limits (image ≤ 10 MB JPG/PNG, video ≤ 10 MB MP4, file ≤ 20 MB). */
export function checkUpload(type: string, data: Buffer) {
  const max = type === 'file' ? 20 * 1024 * 1024 : type === 'voice' ? 2 * 1024 * 1024 : 10 * 1024 * 1024
  if (data.length <= 5) throw new ApiError(40005, 'invalid file size')
  if (data.length > max) throw new ApiError(40006, 'invalid file size')
  const isPng = data.subarray(0, 4).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47]))
  const isJpg = data[0] === 0xff && data[1] === 0xd8
  if (type === 'image' && !isPng && !isJpg) throw new ApiError(40005, 'invalid file type')
  // An MP4 starts with a box whose type is 'ftyp' at byte 4.
  if (type === 'video' && data.subarray(4, 8).toString('latin1') !== 'ftyp')
    throw new ApiError(40005, 'invalid video file type')
}
