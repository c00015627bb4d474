// Each code's QR style: read it, save it, and render a preview of a style not yet saved. Downloads,
// ZIPs and the print sheet read the saved style in file-handlers.ts.

import { AppError } from '../../common/bridge-result'
import type { Handlers } from '../../common/contract'
import { qrPngDataUrl } from '../qr/print-sheet'
import { styledOptions } from '../qr/styled'
import type { HandlerEnv } from './types'

type StyleCalls = 'getQrStyle' | 'setQrStyle' | 'previewQrStyle'

/** The preview's width: sharp in the dialog's 240 px box on a 2× screen. */
const PREVIEW_PX = 480

export function qrStyleHandlers(env: HandlerEnv): Pick<Handlers, StyleCalls> {
  const live = (id: number) => {
    const code = env.ctx().db.codes.get(id)
    if (!code) throw new AppError('NOT_FOUND', '找不到这个活码，它可能已被删除。请刷新列表。')
    return code
  }
  return {
    async getQrStyle({ id }) {
      live(id)
      return env.ctx().db.qrStyles.get(id)
    },
    async setQrStyle({ id, style }) {
      live(id)
      env.ctx().db.qrStyles.set(id, style)
      return env.ctx().db.qrStyles.get(id)
    },
    async previewQrStyle({ id, style }) {
      const { name, content } = await env.ctx().codes.qrContent(live(id).id)
      const opts = styledOptions(style, name, true)
      return { pngDataUrl: qrPngDataUrl(content, opts.caption, PREVIEW_PX, opts) }
    },
  }
}
