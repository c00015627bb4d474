// The relay config's store (issue 18): SQLite by default, PostgreSQL with a postgres:// URL and a pool
// of 1–100, or from RELAY_DATABASE_URL (which keeps the file's pool size); bad values are refused
// with one readable line naming the field.

import { mkdtempSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { ConfigError, loadConfig } from '../../relay/config'

const corp = {
  corpId: 'wwconfig01',
  token: 'configtoken',
  encodingAesKey: 'a'.repeat(43),
  secret: 'config-secret',
  apiKey: 'config-key-0123456789',
}

function load(file: Record<string, unknown>, env: Record<string, string> = {}) {
  const at = path.join(mkdtempSync(path.join(os.tmpdir(), 'relay-config-')), 'relay.config.json')
  writeFileSync(at, JSON.stringify({ corps: [corp], ...file }))
  return loadConfig({ RELAY_CONFIG: at, ...env })
}

const refusal = (file: Record<string, unknown>, env: Record<string, string> = {}) => {
  try {
    load(file, env)
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError)
    return (error as Error).message
  }
  throw new Error('expected the config to be refused')
}

describe('relay config: store', () => {
  it('is SQLite when nothing says otherwise', () => {
    expect(load({}).store).toEqual({ kind: 'sqlite' })
  })

  it('takes PostgreSQL with a postgres:// or postgresql:// URL and an optional pool size', () => {
    expect(load({ store: { kind: 'postgres', url: 'postgres://relay:pw@db:5432/relay' } }).store).toEqual({
      kind: 'postgres',
      url: 'postgres://relay:pw@db:5432/relay',
    })
    expect(load({ store: { kind: 'postgres', url: 'postgresql://db/relay', poolSize: 100 } }).store).toEqual({
      kind: 'postgres',
      url: 'postgresql://db/relay',
      poolSize: 100,
    })
  })

  it('refuses another scheme, a pool outside 1–100, and unknown store fields, naming the field', () => {
    expect(refusal({ store: { kind: 'postgres', url: 'mysql://db/relay' } })).toMatch(
      /store\.url: store\.url must start with postgres:\/\//,
    )
    expect(refusal({ store: { kind: 'postgres', url: 'postgres://db/relay', poolSize: 0 } })).toMatch(
      /store\.poolSize/,
    )
    expect(refusal({ store: { kind: 'postgres', url: 'postgres://db/relay', poolSize: 101 } })).toMatch(
      /store\.poolSize/,
    )
    expect(refusal({ store: { kind: 'postgres', url: 'postgres://db/relay', ssl: true } })).toMatch(/store/)
    expect(refusal({ store: { kind: 'mongo' } })).toMatch(/store\.kind/)
  })

  it('RELAY_DATABASE_URL sets PostgreSQL over the file, keeping its pool size', () => {
    expect(load({}, { RELAY_DATABASE_URL: 'postgres://env@db/relay' }).store).toEqual({
      kind: 'postgres',
      url: 'postgres://env@db/relay',
    })
    expect(
      load(
        { store: { kind: 'postgres', url: 'postgres://file@db/relay', poolSize: 20 } },
        { RELAY_DATABASE_URL: 'postgres://env@db/relay' },
      ).store,
    ).toEqual({ kind: 'postgres', url: 'postgres://env@db/relay', poolSize: 20 })
    expect(refusal({}, { RELAY_DATABASE_URL: 'not a url' })).toMatch(/store\.url/)
  })
})
