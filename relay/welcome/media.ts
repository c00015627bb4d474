// Files a welcome carries, uploaded to WeCom once and reused: media ids (image, video, file, a
// mini-program's cover) until an hour before their 3 days lapse, lasting uploadimg URLs (a link's
// cover) for good. Keyed by the bytes' SHA-256, hashed once per parsed policy object, and uploaded
// once however many welcomes need the same file at the same moment.

import { createHash } from 'node:crypto'
import type { WeComClient } from '../../wecom/types'
import type { RelayStorage } from '../storage'

/** A media_id lives 3 days; upload again an hour before it lapses. */
export const MEDIA_TTL_MS = 3 * 86400_000 - 3600_000

export interface FileBytes {
  fileName: string
  mimeType: string
  dataBase64: string
}

export type MediaKind = 'image' | 'video' | 'file' | 'url'

export class MediaCache {
  private readonly hashes = new WeakMap<FileBytes, string>()
  private readonly uploads = new Map<string, Promise<string>>()

  constructor(
    private readonly store: RelayStorage,
    private readonly now: () => number,
  ) {}

  /** A media_id of this type for the file ('url': a lasting uploadimg URL instead). */
  async get(corpId: string, client: WeComClient, kind: MediaKind, file: FileBytes): Promise<string> {
    const key = this.key(kind, file)
    const inFlight = `${corpId}\u0000${key}`
    // An upload under way is joined before the store is asked, and again after (the answer takes a
    // turn): the same file at the same moment is uploaded once.
    const joining = this.uploads.get(inFlight)
    if (joining) return joining
    const cached = await this.store.media(corpId, key)
    if (cached && (kind === 'url' || cached.createdAt > this.now() - MEDIA_TTL_MS)) return cached.mediaId
    let upload = this.uploads.get(inFlight)
    if (!upload) {
      const data = Buffer.from(file.dataBase64, 'base64')
      const call =
        kind === 'url'
          ? client.uploadImage({ fileName: file.fileName, mimeType: file.mimeType, data }).then((u) => u.url)
          : client
              .uploadMedia({ type: kind, fileName: file.fileName, mimeType: file.mimeType, data })
              .then((u) => u.media_id)
      upload = call
        .then(async (id) => {
          await this.store.putMedia(corpId, key, id, this.now())
          return id
        })
        .finally(() => this.uploads.delete(inFlight))
      this.uploads.set(inFlight, upload)
    }
    return upload
  }

  /** Images keep the bare SHA-256 the cache has always used (a relay's cached ids stay valid). */
  private key(kind: MediaKind, file: FileBytes): string {
    let sha = this.hashes.get(file)
    if (!sha) {
      sha = createHash('sha256').update(Buffer.from(file.dataBase64, 'base64')).digest('hex')
      this.hashes.set(file, sha)
    }
    return kind === 'image' ? sha : `${kind}:${sha}`
  }
}
