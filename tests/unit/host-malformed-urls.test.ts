// Any web page the manager opens can reach the loopback host's port (an <img src> is enough), so no
// request target may take the app down: the first release crashed on `GET //`, `/%E0`, `/assets/%`,
// `http://[` (before the token check) and `POST /api/%E0`. Each now answers 400, and the host lives on.

import { mkdtempSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { startHost, type Host } from '../../main/host/server'
import { recordingHandlers } from '../fixtures/handlers'
import { rawRequest, requestText } from '../fixtures/raw-http'

let host: Host | null = null
afterEach(async () => {
  await host?.stop()
  host = null
})

describe('the loopback host and malformed URLs', () => {
  it('answers 400 to each and keeps serving', async () => {
    const staticDir = mkdtempSync(path.join(os.tmpdir(), 'host-static-'))
    writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>app</title>')
    const { handlers, reached } = recordingHandlers()
    host = await startHost({ handlers, staticDir })
    const where = `127.0.0.1:${host.port}`
    const cases: [string, string, string, number][] = [
      ['GET', '//', '', 400],
      ['GET', '/%E0', '', 400],
      ['GET', '/assets/%', '', 400],
      ['GET', 'http://[', '', 400],
      ['GET', '/%', '', 400],
      // Without the token a call is refused as unauthorized before its name is even read.
      ['POST', '/api/%E0', '{}', 401],
      ['POST', '/api/%', '{}', 401],
    ]
    for (const [method, target, body, expected] of cases) {
      const status = await rawRequest(host.port, requestText(method, target, where, body))
      expect({ method, target, status }).toEqual({ method, target, status: expected })
    }
    // With the token too: a malformed call name is refused before it reaches any handler.
    const authorized = `POST /api/%E0 HTTP/1.1\r\nHost: ${where}\r\nAuthorization: Bearer ${host.token}\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}`
    expect(await rawRequest(host.port, authorized)).toBe(400)
    expect(reached).toHaveLength(0)
    const page = await fetch(`${host.url}/`)
    expect(page.status).toBe(200)
    expect(await page.text()).toContain('<title>app</title>')
  })
})
