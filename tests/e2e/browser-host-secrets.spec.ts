// The browser host keeps the corp secret in a plain owner-only file: 设置 says so (where, how, and
// that the desktop app encrypts it) before a real corp's secret is typed in, and the check result
// names the backend actually in use. Runs on the browser host as `npm run web` runs it (core worker).
import { test, expect } from '@playwright/test'
import { mkdtempSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { shooter, startWorkerApp } from './host-fixture'

test('设置 in the browser host says where the secret is kept and which backend the check found', async ({
  page,
}) => {
  const workspaceDir = mkdtempSync(path.join(os.tmpdir(), 'livecode-secrets-e2e-'))
  const app = await startWorkerApp(workspaceDir)
  try {
    await page.goto(app.host.openUrl)
    await page.getByRole('button', { name: '设置' }).first().click()
    const notice = page.getByRole('note', { name: 'Secret 的保存方式' })
    await expect(notice).toContainText('浏览器版：Secret 以明文文件保存')
    await expect(notice).toContainText(path.join(workspaceDir, 'secrets.dev.json'))
    await expect(notice).toContainText('桌面版')
    await expect(notice).toContainText('npm start')
    // Said above the form, before anything is typed into it.
    const noticeBox = (await notice.boundingBox())!
    const secretBox = (await page.getByLabel(/Secret（自建应用）/).boundingBox())!
    expect(noticeBox.y).toBeLessThan(secretBox.y)

    await page.getByRole('button', { name: '检查连接' }).click()
    const backend = page.getByRole('listitem', { name: '密钥保存方式' })
    await expect(backend).toContainText('密钥保存方式：明文文件')
    const shot = shooter(page)
    await backend.scrollIntoViewIfNeeded()
    await shot('secrets-browser-host-check')
    await notice.scrollIntoViewIfNeeded()
    await shot('secrets-browser-host-setup')
  } finally {
    await app.stop()
  }
})
