// QR thumbnails as data URLs, fetched only once the image scrolls into view and cached per code version.

import { useEffect, useRef, useState } from 'react'
import type { Api } from '../../common/contract'
import { dataUrlOf } from '../lib/files'
import { useApi } from './api-context'

const cache = new Map<string, Promise<string>>()
/** How often each code's QR style was saved here: a save changes the image but not the code's version. */
const styleStamps = new Map<number, number>()

/** After a code's QR style is saved: its thumbnails load the new image on their next render. */
export function forgetQrImage(id: number): void {
  styleStamps.set(id, (styleStamps.get(id) ?? 0) + 1)
}

const keyOf = (id: number, version: number) => `${id}:${version}:${styleStamps.get(id) ?? 0}`

export function qrDataUrl(api: Api, id: number, version: number): Promise<string> {
  const key = keyOf(id, version)
  let hit = cache.get(key)
  if (!hit) {
    hit = api.getQrFile({ id, format: 'png', caption: false, size: 256 }).then(dataUrlOf)
    hit.catch(() => cache.delete(key))
    cache.set(key, hit)
  }
  return hit
}

interface Loaded {
  key: string
  src: string | null
}

export function useQrImage(id: number, version: number) {
  const api = useApi()
  const ref = useRef<HTMLDivElement | null>(null)
  const [visible, setVisible] = useState(() => typeof IntersectionObserver === 'undefined')
  const [loaded, setLoaded] = useState<Loaded | null>(null)
  const key = keyOf(id, version)

  useEffect(() => {
    const el = ref.current
    if (!el || visible) return
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) {
        setVisible(true)
        observer.disconnect()
      }
    })
    observer.observe(el)
    return () => observer.disconnect()
  }, [visible])

  useEffect(() => {
    if (!visible) return
    let live = true
    qrDataUrl(api, id, version).then(
      (src) => live && setLoaded({ key, src }),
      () => live && setLoaded({ key, src: null }),
    )
    return () => {
      live = false
    }
  }, [api, id, version, key, visible])

  const current = loaded?.key === key ? loaded : null
  return { ref, src: current?.src ?? null, failed: current !== null && current.src === null }
}
