// Lint rules, including the layering the architecture promises, by pattern:
//
//   common/   pure: imports only itself and zod (no node:*, no Electron, no React, no I/O package)
//   wecom/    the WeCom protocol: common/ and npm packages, never main/, relay/, sandbox/ or a UI
//   main/     the desktop's services: common/ and wecom/; never relay/ or sandbox/ (the sandbox is
//             composed at the edge: main/index.ts and scripts/); electron only in index.ts and ipc.ts
//   relay/    the callback relay: common/ and wecom/; never main/ or sandbox/
//   renderer/ the screens: common/ only (and UI packages); no Node, no Electron
//   preload/  electron and common/ only
//   sandbox/  the simulator, composed at the edge: common/, wecom/ and relay/; never main/ or a UI
//
// tests/integration/layering-lint.test.ts writes a probe import for each forbidden direction and
// checks that this config refuses it.
import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import reactHooks from 'eslint-plugin-react-hooks'
import globals from 'globals'
import { builtinModules } from 'node:module'

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)]
/** A relative import that climbs out to one of these top-level folders (at any depth). */
const into = (names) => `^(\\.\\./)+(${names.join('|')})(/|$)`

/** no-restricted-imports for one layer: forbidden folders, packages and (optionally) Node itself. */
function restrict({ folders = [], packages = [], node = false, allowTypeElectron = true, message }) {
  return [
    'error',
    {
      paths: [
        ...packages.map((name) => ({ name, message })),
        ...(node ? nodeBuiltins.map((name) => ({ name, message })) : []),
        ...(allowTypeElectron && !packages.includes('electron')
          ? [
              {
                name: 'electron',
                message: 'Only main/index.ts and main/ipc.ts may import electron.',
                allowTypeImports: true,
              },
            ]
          : []),
      ],
      patterns: [
        ...(folders.length ? [{ regex: into(folders), message }] : []),
        ...(node ? [{ regex: '^node:', message }] : []),
      ],
    },
  ]
}

const UI = ['react', 'react-dom', '@mui/material', '@emotion/react', '@emotion/styled']

export default tseslint.config(
  {
    ignores: ['node_modules', 'dist', 'release', 'test-results', 'playwright-report', 'relay-data'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-imports': restrict({
        message: 'Only main/index.ts and main/ipc.ts may import electron.',
      }),
    },
  },
  // Promises must be awaited or handed on on purpose (void), and never given where a callback's
  // result is ignored: type-aware, so every TypeScript file is read with its project's types.
  {
    files: ['**/*.{ts,tsx}'],
    languageOptions: {
      parserOptions: {
        project: [
          './tsconfig.json',
          './tsconfig.common.json',
          './tsconfig.renderer.json',
          './tsconfig.dom-tests.json',
        ],
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
    },
  },
  {
    files: ['common/**/*.ts'],
    rules: {
      'no-restricted-imports': (() => {
        const message = 'common/ is pure: it imports only common/ itself and zod.'
        return [
          'error',
          {
            paths: nodeBuiltins.map((name) => ({ name, message })),
            patterns: [
              { regex: '^node:', message },
              // Anything but a sibling in common/ or zod: no other folder, no package with I/O.
              { regex: '^(?!\\./|zod$)', message },
            ],
          },
        ]
      })(),
    },
  },
  {
    files: ['wecom/**/*.ts'],
    rules: {
      'no-restricted-imports': restrict({
        folders: ['main', 'relay', 'sandbox', 'renderer', 'preload'],
        packages: ['electron', ...UI],
        message: 'wecom/ is the protocol layer: it imports only common/ and npm packages.',
      }),
    },
  },
  {
    files: ['main/**/*.ts'],
    ignores: ['main/index.ts', 'main/core-worker.ts'],
    rules: {
      'no-restricted-imports': restrict({
        folders: ['relay', 'sandbox', 'renderer', 'preload'],
        packages: UI,
        message: 'main/ imports common/ and wecom/ only; the sandbox is composed in main/index.ts.',
      }),
    },
  },
  {
    // The core's worker thread is the other edge that composes main/ with the sandbox (no electron).
    files: ['main/core-worker.ts'],
    rules: {
      'no-restricted-imports': restrict({
        folders: ['relay', 'renderer', 'preload'],
        packages: ['electron', ...UI],
        message: 'The core worker composes main/ with the sandbox; no electron, no relay internals.',
      }),
    },
  },
  {
    files: ['main/index.ts'],
    rules: {
      'no-restricted-imports': restrict({
        folders: ['relay', 'renderer', 'preload'],
        packages: UI,
        allowTypeElectron: false,
        message: 'The Electron entry composes main/ with the sandbox; it does not reach into the relay.',
      }),
    },
  },
  {
    files: ['main/ipc.ts', 'preload/**/*.ts', 'tests/e2e/electron*.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    files: ['preload/**/*.ts'],
    rules: {
      'no-restricted-imports': restrict({
        folders: ['main', 'relay', 'sandbox', 'renderer', 'wecom'],
        packages: UI,
        node: true,
        allowTypeElectron: false,
        message: 'The preload exposes the contract: it imports only electron and common/.',
      }),
    },
  },
  {
    files: ['relay/**/*.ts'],
    rules: {
      'no-restricted-imports': restrict({
        folders: ['main', 'sandbox', 'renderer', 'preload'],
        packages: ['electron', ...UI],
        message: 'relay/ imports common/ and wecom/ only, never the desktop or the simulator.',
      }),
    },
  },
  {
    files: ['sandbox/**/*.ts'],
    rules: {
      'no-restricted-imports': restrict({
        folders: ['main', 'renderer', 'preload'],
        packages: ['electron', ...UI],
        message: 'sandbox/ is composed at the edge: it never imports main/.',
      }),
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': restrict({
        folders: ['main', 'relay', 'sandbox', 'preload', 'wecom'],
        packages: ['electron'],
        node: true,
        allowTypeElectron: false,
        message: 'The renderer talks to the rest only through the bridge: it imports only common/.',
      }),
    },
  },
)
