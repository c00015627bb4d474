// The URL inside each code's QR image, read once from WeCom's image and kept in SQLite, so every QR
// download, ZIP and print sheet works offline. Read at creation and by every sync for any code that
// lacks it (an imported code below the fold included), not only when a thumbnail is first shown.

import { AppError } from '../../common/bridge-result'
import type { SkippedCode } from '../../common/domain'
import type { CodesRepo } from '../db/repos/codes'
import { forEachLimit } from '../sync/limit'

/** Downloads a QR image and returns the URL it encodes. */
export type QrImageReader = (qrUrl: string) => Promise<string>

export interface QrContentDeps {
  codes: Pick<CodesRepo, 'setQrContent' | 'listMissingQr'>
  readQr: QrImageReader
}

interface CodeRef {
  id: number
  name: string
  qrUrl: string
  qrContent: string | null
}

export async function qrContentOf(deps: QrContentDeps, code: CodeRef): Promise<string> {
  if (code.qrContent) return code.qrContent
  let content: string
  try {
    content = await deps.readQr(code.qrUrl)
  } catch (error) {
    throw new AppError(
      'OFFLINE',
      `暂时无法读取「${code.name}」的二维码图片：${(error as Error).message}。联网后点“同步”即可缓存，之后离线也能下载。`,
    )
  }
  deps.codes.setQrContent(code.id, content)
  return content
}

/** Best effort: a code whose image cannot be read now is tried again by the next sync. */
export async function tryCacheQr(deps: QrContentDeps, code: CodeRef): Promise<boolean> {
  try {
    await qrContentOf(deps, code)
    return true
  } catch {
    return false
  }
}

export interface QrCacheResult {
  cached: number
  failed: SkippedCode[]
}

export async function cacheMissingQr(
  deps: QrContentDeps,
  onProgress?: (done: number, total: number) => void,
): Promise<QrCacheResult> {
  const missing = deps.codes.listMissingQr()
  const result: QrCacheResult = { cached: 0, failed: [] }
  let done = 0
  onProgress?.(0, missing.length)
  await forEachLimit(missing, 4, async (code) => {
    if (await tryCacheQr(deps, { ...code, qrContent: null })) result.cached += 1
    else result.failed.push({ id: code.id, name: code.name })
    onProgress?.(++done, missing.length)
  })
  return result
}
