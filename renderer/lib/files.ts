// Files that come over the bridge as base64: turn them into data URLs for <img>, or into a download.

import type { FileBlob } from '../../common/domain'

export function dataUrlOf(file: Pick<FileBlob, 'mimeType' | 'dataBase64'>): string {
  return `data:${file.mimeType};base64,${file.dataBase64}`
}

export function bytesOfBase64(b64: string): Uint8Array<ArrayBuffer> {
  const binary = atob(b64.replace(/\s/g, ''))
  const bytes = new Uint8Array(binary.length)
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i)
  return bytes
}

export function blobOf(file: FileBlob): Blob {
  return new Blob([bytesOfBase64(file.dataBase64)], { type: file.mimeType })
}

/** Offers the file as a download through a temporary object URL and <a download>. */
export function downloadFile(file: FileBlob, doc: Document = document): void {
  const url = URL.createObjectURL(blobOf(file))
  const a = doc.createElement('a')
  a.href = url
  a.download = file.fileName
  a.rel = 'noopener'
  a.style.display = 'none'
  doc.body.appendChild(a)
  a.click()
  a.remove()
  // Give the browser time to start the download before the URL is revoked.
  setTimeout(() => URL.revokeObjectURL(url), 30_000)
}

/** Reads a picked file as base64 (without the data: prefix). */
export function readAsBase64(file: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader()
    reader.onerror = () => reject(reader.error ?? new Error('读取文件失败'))
    reader.onload = () => {
      const result = String(reader.result ?? '')
      resolve(result.slice(result.indexOf(',') + 1))
    }
    reader.readAsDataURL(file)
  })
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`
  return `${(bytes / 1024 / 1024).toFixed(2)} MB`
}
