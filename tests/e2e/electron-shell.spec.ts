// Launch → list → create code in the real Electron shell. Runs where the Electron binary is
// installed; elsewhere it reports itself skipped with the reason (Electron 45 fetches its binary
// lazily and this machine may not reach the download host).
import { test, expect, _electron as electron } from '@playwright/test'
import { existsSync, mkdtempSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { findElectronBinary } from '../../scripts/electron-binary'

const binary = findElectronBinary()

test('the Electron shell launches, lists codes and creates one', async () => {
  test.skip(
    'missing' in binary,
    `Electron binary not installed: ${'missing' in binary ? binary.missing : ''}`,
  )
  test.skip(!existsSync('dist/main/index.cjs'), 'main process not built (npm run build)')
  if ('missing' in binary) return
  const workspaceDir = mkdtempSync(path.join(os.tmpdir(), 'electron-e2e-'))
  const app = await electron.launch({
    executablePath: binary.path,
    args: ['.', '--no-sandbox'],
    env: { ...process.env, WORKSPACE_DIR: workspaceDir },
  })
  try {
    const page = await app.firstWindow()
    await expect(page.getByText('企业微信活码').first()).toBeVisible()
    const isolated = await page.evaluate(() => typeof (window as unknown as { process?: unknown }).process)
    expect(isolated).toBe('undefined')
    expect(await page.evaluate(() => typeof (window as unknown as { require?: unknown }).require)).toBe(
      'undefined',
    )
    await page.getByRole('button', { name: '新建活码' }).first().click()
    await page.getByRole('textbox', { name: /渠道活码名称/ }).fill('Electron 冒烟测试')
    await page.getByRole('button', { name: /选择使用人员/ }).click()
    const dialog = page.getByRole('dialog', { name: '选择使用人员' })
    await dialog.getByRole('button', { name: /张伟/ }).click()
    await dialog.getByRole('button', { name: '确定' }).click()
    await page.getByRole('radio', { name: '不发送欢迎语' }).check()
    await page.getByRole('button', { name: '创建活码' }).click()
    await expect(page.getByText('Electron 冒烟测试')).toBeVisible()
  } finally {
    await app.close()
  }
})
