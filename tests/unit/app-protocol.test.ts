// The Electron window's app:// handler (main/app-protocol.ts): request → file under dist/renderer,
// refused outside it, with MIME types, 404s and the one CSP that the browser host sends too.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CONTENT_SECURITY_POLICY } from '../../common/csp'
import { isAppUrl, resolveAppRequest, serveAppRequest, APP_INDEX_URL } from '../../main/app-protocol'
import { startHost, type Host } from '../../main/host/server'
import type { Handlers } from '../../common/contract'

let parent: string
let root: string
beforeAll(() => {
  parent = mkdtempSync(path.join(os.tmpdir(), 'app-protocol-'))
  root = path.join(parent, 'renderer')
  mkdirSync(path.join(root, 'assets'), { recursive: true })
  writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>活码助手</title>')
  writeFileSync(path.join(root, 'assets/index-abc.js'), 'console.log(1)')
  writeFileSync(path.join(root, 'assets/index-abc.css'), 'body{}')
  writeFileSync(path.join(root, 'assets/logo.svg'), '<svg/>')
  writeFileSync(path.join(root, 'assets/font.woff2'), 'x')
  writeFileSync(path.join(root, 'assets/blob.bin'), 'x')
  // A secret beside the renderer folder that no app:// URL may reach.
  writeFileSync(path.join(parent, 'secrets.json'), '{"corpSecret":"s"}')
  writeFileSync(path.join(parent, 'renderer-evil.txt'), 'x')
})
afterAll(() => rmSync(parent, { recursive: true, force: true }))

describe('app:// request resolution', () => {
  it('serves index.html for the root and the window URL, with its MIME type', () => {
    expect(resolveAppRequest('app://app/', root)).toEqual({
      status: 200,
      file: path.join(root, 'index.html'),
      mime: 'text/html; charset=utf-8',
    })
    expect(resolveAppRequest(APP_INDEX_URL + '#/codes', root)).toMatchObject({ status: 200 })
  })

  it('gives each asset its MIME type (unknown ones as octet-stream, never sniffed)', () => {
    const mime = (p: string) => {
      const r = resolveAppRequest(`app://app/${p}?v=1`, root)
      return r.status === 200 ? r.mime : r.status
    }
    expect(mime('assets/index-abc.js')).toBe('text/javascript; charset=utf-8')
    expect(mime('assets/index-abc.css')).toBe('text/css; charset=utf-8')
    expect(mime('assets/logo.svg')).toBe('image/svg+xml')
    expect(mime('assets/font.woff2')).toBe('font/woff2')
    expect(mime('assets/blob.bin')).toBe('application/octet-stream')
  })

  it('refuses every way out of the renderer folder', () => {
    for (const url of [
      'app://app/../secrets.json',
      'app://app/%2e%2e/secrets.json',
      'app://app/..%2Fsecrets.json',
      'app://app/assets/..%2F..%2Fsecrets.json',
      'app://app/%2E%2E%2Fsecrets.json',
      'app://app/..%5Csecrets.json',
      'app://app/assets%00/index-abc.js',
      'app://app/%2e%2e/renderer-evil.txt',
    ]) {
      const r = resolveAppRequest(url, root)
      expect(r.status, url).not.toBe(200)
      if (r.status !== 200) expect([400, 403, 404], url).toContain(r.status)
    }
    // The URL parser folds plain ../ at the root, so that one is a 404 inside the folder, not a read.
    expect(resolveAppRequest('app://app/../secrets.json', root).status).toBe(404)
    expect(resolveAppRequest('app://app/..%2Fsecrets.json', root).status).toBe(403)
  })

  it('answers 404 for missing files and folders, 403 for another host or scheme', () => {
    expect(resolveAppRequest('app://app/missing.js', root).status).toBe(404)
    expect(resolveAppRequest('app://app/assets', root).status).toBe(404)
    expect(resolveAppRequest('app://app/assets/', root).status).toBe(404)
    expect(resolveAppRequest('app://evil/index.html', root).status).toBe(403)
    expect(resolveAppRequest('file:///etc/passwd', root).status).toBe(403)
    expect(resolveAppRequest('app://app/%E0%A4%A', root).status).toBe(400)
  })

  it('only the app origin counts as the app (navigation and IPC sender checks)', () => {
    expect(isAppUrl('app://app/index.html')).toBe(true)
    expect(isAppUrl('app://app.evil/index.html')).toBe(false)
    expect(isAppUrl('file:///opt/app/dist/renderer/index.html')).toBe(false)
    expect(isAppUrl('https://app/index.html')).toBe(false)
  })
})

describe('the responses', () => {
  it('carry the CSP and nosniff, on files and on refusals alike', async () => {
    const ok = serveAppRequest('app://app/assets/index-abc.js', root)
    expect(ok.status).toBe(200)
    expect(ok.headers.get('content-type')).toBe('text/javascript; charset=utf-8')
    expect(ok.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY)
    expect(ok.headers.get('x-content-type-options')).toBe('nosniff')
    expect(await ok.text()).toBe('console.log(1)')
    const missing = serveAppRequest('app://app/nope.html', root)
    expect(missing.status).toBe(404)
    expect(missing.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY)
    const outside = serveAppRequest('app://app/..%2Fsecrets.json', root)
    expect(outside.status).toBe(403)
    expect(await outside.text()).not.toContain('corpSecret')
  })

  it('the browser host sends the very same CSP string', async () => {
    let host: Host | null = null
    try {
      host = await startHost({ handlers: {} as Handlers, staticDir: root })
      const res = await fetch(host.url + '/')
      expect(res.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY)
      expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8')
      expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'")
      expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe-eval')
    } finally {
      await host?.stop()
    }
  })
})
