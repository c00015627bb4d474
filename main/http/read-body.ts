// Reads a request body with a cap enforced while streaming, so an oversized upload is refused after
// `max` bytes instead of being buffered whole. Shared by the browser host and the relay.

import type http from 'node:http'

export class BodyTooLarge extends Error {
  constructor() {
    super('request body too large')
  }
}

export function readBody(req: http.IncomingMessage, max: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    req.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size > max) {
        req.pause()
        reject(new BodyTooLarge())
        return
      }
      chunks.push(chunk)
    })
    req.on('end', () => resolve(Buffer.concat(chunks)))
    req.on('error', reject)
  })
}
