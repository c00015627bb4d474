// Bundles the main process (CommonJS, as Electron loads it) and the sandboxed preload with esbuild.
// better-sqlite3 stays external: electron-builder rebuilds it for Electron and keeps it unpacked.

import { build } from 'esbuild'

const common = {
  bundle: true,
  platform: 'node' as const,
  target: 'node22',
  sourcemap: true,
  logLevel: 'warning' as const,
}

await build({
  ...common,
  entryPoints: ['main/index.ts'],
  outfile: 'dist/main/index.cjs',
  format: 'cjs',
  external: ['electron', 'better-sqlite3', '@resvg/resvg-js'],
})

await build({
  ...common,
  entryPoints: ['preload/index.ts'],
  outfile: 'dist/preload/index.cjs',
  format: 'cjs',
  external: ['electron'],
})
