// The simulated welcome message and media endpoints: welcome codes are single-use and live 20 s,
// image attachments must name media this simulator issued (and not yet lapsed, 3 days).

import { utf8Bytes } from '../common/limits'
import { ApiError, WELCOME_CODE_TTL_MS } from './corp'
import { isRecord, str, type Handler } from './api-request'
import { randomId } from './model'
import { multipartFile } from './multipart'
import { checkUpload, checkWelcomeAttachment } from './welcome-attachments'

const MAX_TEXT_BYTES = 4000
const MAX_ATTACHMENTS = 9
const UPLOADIMG_PER_DAY = 1000

export const messageApi: Record<string, Handler> = {
  '/cgi-bin/externalcontact/send_welcome_msg': (corp, req) => {
    const code = str(req.body.welcome_code)
    const issued = corp.welcomeCodes.get(code)
    if (!issued || issued.used || corp.now - issued.issuedAt > WELCOME_CODE_TTL_MS)
      throw new ApiError(41050, 'invalid welcome_code (expired, used or unknown)')
    // Another app of the corp sent its welcome on this code first.
    if (issued.usedByOther) throw new ApiError(41051, 'customer is chatting or another app sent the welcome')
    const text = isRecord(req.body.text) ? str(req.body.text.content) : ''
    const attachments: unknown[] = Array.isArray(req.body.attachments) ? req.body.attachments : []
    if (!text && attachments.length === 0) throw new ApiError(40058, 'text and attachments both empty')
    if (utf8Bytes(text) > MAX_TEXT_BYTES) throw new ApiError(40058, 'text content exceed 4000 bytes')
    if (attachments.length > MAX_ATTACHMENTS) throw new ApiError(41064, 'attachments count exceed limit 9')
    for (const a of attachments) checkWelcomeAttachment(corp, a, req.apiBase)
    // Only a successful send uses the code up; a refused one can be corrected within the 20 s.
    issued.used = true
    corp.sentWelcomes.push({
      welcomeCode: code,
      userid: issued.userid,
      externalUserid: issued.externalUserid,
      ...(text ? { text } : {}),
      attachments,
      at: corp.now,
    })
    return {}
  },

  '/cgi-bin/media/upload': (corp, req) => {
    const type = req.query.get('type')
    if (type !== 'image' && type !== 'file' && type !== 'video' && type !== 'voice')
      throw new ApiError(40004, 'invalid media type')
    const file = multipartFile(req.raw, req.contentType, 'media')
    if (!file) throw new ApiError(41005, 'media data missing')
    checkUpload(type, file.data)
    const media_id = randomId('3', 60)
    const created_at = Math.floor(corp.now / 1000)
    corp.data.media.push({ media_id, created_at, type })
    corp.changed()
    // WeCom sends created_at as a string here.
    return { type, media_id, created_at: String(created_at) }
  },

  // A lasting image URL for a link's cover or an image's pic_url; JPG/PNG ≤ 2 MB, 1,000 a day.
  '/cgi-bin/media/uploadimg': (corp, req) => {
    const file = multipartFile(req.raw, req.contentType, 'media')
    if (!file) throw new ApiError(41005, 'media data missing')
    if (file.data.length > 2 * 1024 * 1024) throw new ApiError(40006, 'invalid file size')
    checkUpload('image', file.data)
    const images = (corp.data.images ??= [])
    const today = images.filter((i) => corp.now - i.created_at * 1000 < 86_400_000).length
    if (today >= UPLOADIMG_PER_DAY) throw new ApiError(45009, 'uploadimg daily limit reached')
    const url = `${req.apiBase}/uploadimg/${randomId('', 32)}.${file.data[0] === 0xff ? 'jpg' : 'png'}`
    images.push({ url, created_at: Math.floor(corp.now / 1000) })
    corp.changed()
    return { url }
  },
}
