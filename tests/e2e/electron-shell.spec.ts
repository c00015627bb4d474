// The real Electron shell, end to end: launch on a fresh data folder, create a code, see it, quit,
// launch again on the same folder and find the code still there; the window is the app:// page with
// the CSP and no Node, and the secret store reports the backend safeStorage really offers here.
// Runs wherever the Electron binary is installed (`npm start` fetches it on first run); elsewhere it
// reports itself skipped with the reason.
import { test, expect, _electron as electron, type ElectronApplication, type Page } from '@playwright/test'
import { existsSync, mkdtempSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { CONTENT_SECURITY_POLICY } from '../../common/csp'
import { findElectronBinary } from '../../scripts/electron-binary'

const binary = findElectronBinary()
const BUILT = [
  'dist/main/index.cjs',
  'dist/main/core-worker.cjs',
  'dist/preload/index.cjs',
  'dist/renderer/index.html',
]
const LABEL = { 'os-encrypted': '系统钥匙串加密', unavailable: '不可用' } as const

async function launch(workspaceDir: string): Promise<{ app: ElectronApplication; page: Page }> {
  if ('missing' in binary) throw new Error(binary.missing)
  const app = await electron.launch({
    executablePath: binary.path,
    args: ['.', '--no-sandbox'],
    env: { ...process.env, WORKSPACE_DIR: workspaceDir },
  })
  const page = await app.firstWindow()
  await expect(page.getByText('企业微信活码').first()).toBeVisible({ timeout: 60_000 })
  return { app, page }
}

test('the Electron shell keeps a code across a restart and reports its real secret store', async () => {
  test.setTimeout(240_000)
  test.skip(
    'missing' in binary,
    `Electron binary not installed here (${'missing' in binary ? binary.missing : ''}); on a machine that can download it: npm start once, then npx playwright test tests/e2e/electron-shell.spec.ts`,
  )
  const unbuilt = BUILT.filter((file) => !existsSync(file))
  test.skip(unbuilt.length > 0, `not built (${unbuilt.join(', ')}): run npm run build`)
  const workspaceDir = mkdtempSync(path.join(os.tmpdir(), 'electron-e2e-'))

  const first = await launch(workspaceDir)
  try {
    const { page } = first
    expect(page.url()).toMatch(/^app:\/\/app\//)
    expect(await page.evaluate(() => typeof (window as unknown as { process?: unknown }).process)).toBe(
      'undefined',
    )
    expect(await page.evaluate(() => typeof (window as unknown as { require?: unknown }).require)).toBe(
      'undefined',
    )
    // The window's responses carry the one CSP the browser host sends too.
    expect(
      await page.evaluate(async () => (await fetch(location.href)).headers.get('content-security-policy')),
    ).toBe(CONTENT_SECURITY_POLICY)

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
    await first.app.close()
  }

  const second = await launch(workspaceDir)
  try {
    const { app, page } = second
    await expect(page.getByText('Electron 冒烟测试')).toBeVisible()

    // What safeStorage offers on this machine, asked in the main process the way the store decides.
    const expected = await app.evaluate(({ safeStorage }) => {
      if (!safeStorage.isEncryptionAvailable()) return 'unavailable' as const
      const backend = process.platform === 'linux' ? safeStorage.getSelectedStorageBackend() : 'os'
      return backend === 'basic_text' || backend === 'unknown'
        ? ('unavailable' as const)
        : ('os-encrypted' as const)
    })
    await page.getByRole('button', { name: '设置' }).first().click()
    await page.getByRole('button', { name: '检查连接' }).click()
    await expect(page.getByRole('listitem', { name: '密钥保存方式' })).toContainText(
      `密钥保存方式：${LABEL[expected]}`,
    )
    // The desktop app never says "plain file": that store exists only in the browser host.
    await expect(page.getByText('浏览器版：Secret 以明文文件保存')).toHaveCount(0)
  } finally {
    await second.app.close()
  }
})
