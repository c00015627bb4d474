// Starts the real services (createCore: SQLite, the sandbox simulator and the relay in-process) and
// the browser host on a fresh temporary workspace for each test, and opens the app in Chromium.

import { test as base, expect, type Page } from '@playwright/test'
import { mkdirSync, mkdtempSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { createCore } from '../../main/core'
import type { Core } from '../../main/core-types'
import { startHost, type Host } from '../../main/host/server'
import { createFileSecretStore } from '../../main/secrets/file-store'
import { startSandboxRuntime, type SandboxRuntime } from '../../sandbox/runtime'
import { startCoreWorker } from '../../main/worker/core-client'

export interface AppFixture {
  core: Core
  /** The in-process simulator behind the sandbox workspace, to check what WeCom received. */
  simulator(): SandboxRuntime
  host: Host
  workspaceDir: string
  /** Saves a full-page screenshot as a test artifact under test-results/screens/. */
  shot(name: string): Promise<void>
}

export const SCREENS_DIR = path.resolve('test-results/screens-e2e')

/** The real services over `workspaceDir` and the browser host serving the built renderer. */
export async function startApp(workspaceDir: string, options: { syncIntervalMs?: number } = {}) {
  let runtime: SandboxRuntime | null = null
  const core = await createCore({
    workspaceDir,
    secrets: createFileSecretStore(path.join(workspaceDir, 'secrets.dev.json')),
    transport: 'http',
    version: 'e2e',
    // Off unless a test asks for the real background timer, shortened.
    syncIntervalMs: options.syncIntervalMs ?? 0,
    log: (message, detail) => console.error(message, detail ?? ''),
    sandbox: async (dir, log) => (runtime = await startSandboxRuntime(dir, log)),
  })
  const host = await startHost({
    handlers: core.handlers,
    subscribe: core.subscribe,
    staticDir: path.resolve('dist/renderer'),
  })
  return {
    core,
    host,
    simulator: () => {
      if (!runtime) throw new Error('the sandbox workspace is not open')
      return runtime
    },
    async stop() {
      await host.stop()
      await core.close()
    },
  }
}

/** Saves a screenshot of the page under test-results/screens-e2e/. */
export function shooter(page: Page) {
  mkdirSync(SCREENS_DIR, { recursive: true })
  return async (name: string) => {
    // Transitions fast-forwarded: a shot taken right after a click shows where the screen settles
    // (a tab's indicator mid-slide read as sitting under the wrong tab).
    await page.screenshot({
      path: path.join(SCREENS_DIR, `${name}.png`),
      fullPage: false,
      animations: 'disabled',
    })
  }
}

export const test = base.extend<{ app: AppFixture }>({
  app: async ({ page }, use) => {
    const workspaceDir = mkdtempSync(path.join(os.tmpdir(), 'livecode-e2e-'))
    const app = await startApp(workspaceDir)
    await page.goto(app.host.openUrl)
    await use({ ...app, workspaceDir, shot: shooter(page) })
    await app.stop()
  },
})

/**
 * Presses 同步 and waits until the top bar says when it last synced (its line is absent while a sync
 * runs; a 部分同步 or 同步失败 line fails here with its own words).
 */
export async function syncNow(page: Page) {
  await page.getByRole('button', { name: /同步/ }).first().click()
  await expect(page.getByTestId('sync-line')).toHaveText(/上次同步/)
}

/** A figure of the statistics drawer (当前客户数, 流失客户数, 积累引流数), read from its label. */
export async function stat(page: Page, label: string): Promise<number> {
  // Inside the drawer: the code list's rows carry the same labels.
  const drawer = page.locator('.MuiDrawer-paper')
  const text = (await drawer.getByLabel(new RegExp(`^${label} \\d+$`)).getAttribute('aria-label')) ?? ''
  return Number(text.split(' ').pop())
}

export { expect }
export type { Page }

/**
 * The browser host as `npm run web` runs it: the core in its worker thread (startCoreWorker), so the
 * page is served by a loop that only moves messages. Without in-process access to the simulator.
 */
export async function startWorkerApp(workspaceDir: string) {
  const core = await startCoreWorker({
    workerFile: path.resolve('main/core-worker.ts'),
    execArgv: ['--import', 'tsx'],
    core: { workspaceDir, transport: 'http', version: 'e2e', syncIntervalMs: 0, sandbox: true },
    secrets: createFileSecretStore(path.join(workspaceDir, 'secrets.dev.json')),
    log: (message, detail) => console.error(message, detail ?? ''),
  })
  const host = await startHost({
    handlers: core.handlers,
    subscribe: core.subscribe,
    staticDir: path.resolve('dist/renderer'),
  })
  return {
    core,
    host,
    async stop() {
      await host.stop()
      await core.close()
    },
  }
}
