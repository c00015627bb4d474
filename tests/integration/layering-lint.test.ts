// The layers are enforced by lint, not by good intentions: for each forbidden direction a probe file
// with that one import is written into the layer's folder, linted with the project's own ESLint
// config, and must be refused — while the allowed directions next to them pass.

import { ESLint } from 'eslint'
import { rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'

const root = path.resolve(__dirname, '../..')

interface Probe {
  folder: string
  source: string
  allowed: boolean
}

const PROBES: Probe[] = [
  // common/ is pure
  { folder: 'common', source: "import 'node:fs'", allowed: false },
  { folder: 'common', source: "import 'fs'", allowed: false },
  { folder: 'common', source: "import 'axios'", allowed: false },
  { folder: 'common', source: "import '../wecom/client'", allowed: false },
  { folder: 'common', source: "import '../main/core'", allowed: false },
  { folder: 'common', source: "import './limits'", allowed: true },
  { folder: 'common', source: "import 'zod'", allowed: true },
  // wecom/ sits on common/ only
  { folder: 'wecom', source: "import '../main/core'", allowed: false },
  { folder: 'wecom', source: "import '../relay/server'", allowed: false },
  { folder: 'wecom', source: "import '../sandbox/index'", allowed: false },
  { folder: 'wecom', source: "import '../common/limits'", allowed: true },
  { folder: 'wecom', source: "import 'axios'", allowed: true },
  // main/ and relay/ never import each other; main/ leaves the sandbox to its edge
  { folder: 'main/codes', source: "import '../../relay/server'", allowed: false },
  { folder: 'main/codes', source: "import '../../sandbox/runtime'", allowed: false },
  { folder: 'main', source: "import 'electron'", allowed: false },
  { folder: 'main', source: "import type { App } from 'electron'\nexport type Probe = App", allowed: true },
  { folder: 'main', source: "import '../wecom/client'", allowed: true },
  { folder: 'relay', source: "import '../main/core'", allowed: false },
  { folder: 'relay', source: "import '../sandbox/index'", allowed: false },
  { folder: 'relay', source: "import '../wecom/client'", allowed: true },
  // the renderer reaches the rest only through common/
  { folder: 'renderer', source: "import 'node:fs'", allowed: false },
  { folder: 'renderer', source: "import '../main/core'", allowed: false },
  { folder: 'renderer', source: "import '../wecom/client'", allowed: false },
  { folder: 'renderer', source: "import 'electron'", allowed: false },
  { folder: 'renderer', source: "import '../common/limits'", allowed: true },
  // the sandbox is composed at the edge: it may use the relay, never the desktop
  { folder: 'sandbox', source: "import '../main/core'", allowed: false },
  { folder: 'sandbox', source: "import '../relay/index'", allowed: true },
]

describe('the layers', () => {
  it('lint refuses every forbidden import direction and passes the allowed ones', async () => {
    const files = PROBES.map((probe, i) => {
      const file = path.join(root, probe.folder, `layer-probe-${i}.ts`)
      writeFileSync(file, `// A lint probe (tests/integration/layering-lint.test.ts).\n${probe.source}\n`)
      return file
    })
    try {
      const results = await new ESLint({ cwd: root }).lintFiles(files)
      const verdicts = PROBES.map((probe, i) => {
        const result = results.find((r) => r.filePath === files[i])!
        const refused = result.messages.some((m) => m.ruleId === 'no-restricted-imports')
        const otherErrors = result.messages.filter(
          (m) => m.ruleId !== 'no-restricted-imports' && m.severity === 2,
        )
        return { where: `${probe.folder}: ${probe.source}`, refused, otherErrors: otherErrors.length }
      })
      expect(verdicts).toEqual(
        PROBES.map((probe) => ({
          where: `${probe.folder}: ${probe.source}`,
          refused: !probe.allowed,
          otherErrors: 0,
        })),
      )
    } finally {
      for (const file of files) rmSync(file, { force: true })
    }
  }, 120_000)
})
