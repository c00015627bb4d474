// Every window starts from here: whatever a caller passes, the security flags of Electron's
// checklist are forced last (VS Code's windows.ts does the same).

import type { BrowserWindowConstructorOptions } from 'electron'

export interface WindowBounds {
  width: number
  height: number
  x?: number
  y?: number
  maximized?: boolean
}

export const DEFAULT_BOUNDS: WindowBounds = { width: 1360, height: 860 }

export function secureWindowOptions(
  preloadPath: string,
  bounds: WindowBounds,
  overrides: BrowserWindowConstructorOptions = {},
): BrowserWindowConstructorOptions {
  const { webPreferences, ...rest } = overrides
  return {
    minWidth: 1080,
    minHeight: 680,
    show: false,
    title: '活码助手',
    backgroundColor: '#f5f7fa',
    ...rest,
    width: Math.max(bounds.width, 1080),
    height: Math.max(bounds.height, 680),
    ...(bounds.x !== undefined && bounds.y !== undefined ? { x: bounds.x, y: bounds.y } : {}),
    webPreferences: {
      ...webPreferences,
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
    },
  }
}

/** Bounds are remembered only when they still make sense (a detached monitor can leave nonsense). */
export function sanitizeBounds(value: unknown): WindowBounds {
  if (typeof value !== 'object' || value === null) return DEFAULT_BOUNDS
  const v = value as Record<string, unknown>
  const num = (k: string) =>
    typeof v[k] === 'number' && Number.isFinite(v[k]) ? (v[k] as number) : undefined
  const width = num('width')
  const height = num('height')
  if (!width || !height || width < 400 || height < 300 || width > 10000 || height > 10000)
    return DEFAULT_BOUNDS
  const x = num('x')
  const y = num('y')
  return {
    width,
    height,
    ...(x !== undefined && y !== undefined ? { x, y } : {}),
    maximized: v.maximized === true,
  }
}
