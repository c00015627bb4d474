// Lint rules, including the layering the architecture promises: common/ stays environment-free,
// the renderer only reaches the rest through common/, and only the shell files import electron.
import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import reactHooks from 'eslint-plugin-react-hooks'
import globals from 'globals'

const nodeBuiltins = [
  'fs',
  'path',
  'os',
  'http',
  'https',
  'crypto',
  'child_process',
  'net',
  'url',
  'stream',
  'worker_threads',
]
const nodeImports = [...nodeBuiltins, ...nodeBuiltins.map((m) => `node:${m}`)]

export default tseslint.config(
  { ignores: ['node_modules', 'dist', 'release', 'test-results', 'playwright-report', 'relay-data'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'electron',
              message: 'Only main/index.ts and main/ipc.ts may import electron.',
              allowTypeImports: true,
            },
          ],
        },
      ],
    },
  },
  {
    files: ['main/index.ts', 'main/ipc.ts', 'preload/**/*.ts', 'tests/e2e/electron*.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    files: ['common/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: ['electron', 'react', ...nodeImports].map((name) => ({
            name,
            message: 'common/ must stay environment-free.',
          })),
          patterns: [
            {
              group: ['../main/*', '../renderer/*', '../relay/*', '../sandbox/*', '../preload/*'],
              message: 'common/ imports nothing outside common/.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          paths: ['electron', ...nodeImports].map((name) => ({
            name,
            message: 'The renderer talks to the rest only through the bridge.',
          })),
          patterns: [
            {
              group: ['**/main/*', '**/relay/*', '**/sandbox/*', '**/preload/*'],
              message: 'The renderer imports only common/.',
            },
          ],
        },
      ],
    },
  },
)
