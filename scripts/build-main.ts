// Bundles the main process (CommonJS, as Electron loads it) and the sandboxed preload with esbuild.
// The native modules stay external: their prebuilt Node-API binaries load as they are in Electron
// and are kept unpacked from the asar (electron-builder.yml).

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
  // electron-updater requires electron itself: loaded from node_modules, only when an update is wanted.
  external: ['electron', 'better-sqlite3', '@resvg/resvg-js', 'electron-updater'],
})

// The core's worker thread (main/core-worker.ts), loaded by dist/main/index.cjs with new Worker().
await build({
  ...common,
  entryPoints: ['main/core-worker.ts'],
  outfile: 'dist/main/core-worker.cjs',
  format: 'cjs',
  // main/sync/page-writer.ts reads import.meta.url only when it runs from source (no __filename).
  logOverride: { 'empty-import-meta': 'silent' },
  external: ['electron', 'better-sqlite3', '@resvg/resvg-js'],
})

// The reconcile's page writer thread (main/sync/page-writer-thread.ts), started by the core worker
// from its own folder (main/sync/page-writer.ts finds it next to core-worker.cjs).
await build({
  ...common,
  entryPoints: ['main/sync/page-writer-thread.ts'],
  outfile: 'dist/main/page-writer.cjs',
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
