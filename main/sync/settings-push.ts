// Keeps the relay's workspace settings (time zone, default welcome) current: pushed when they changed
// since the last confirmed push, so a big default image is not resent on every sync, and again after
// the relay was replaced (the lead resets the stored hash when the relay URL changes).

import { createHash } from 'node:crypto'
import type { RelaySettings } from '../../common/relay-api'
import type { SyncDeps } from './ports'

export const SETTINGS_HASH_KEY = 'relay_settings_hash'

export async function pushSettingsIfChanged(deps: SyncDeps): Promise<boolean> {
  const relay = deps.relay()
  const settings = deps.settings()
  if (!relay || !settings.defaultWelcome) return false
  const body: RelaySettings = { timeZone: settings.timeZone, defaultWelcome: settings.defaultWelcome }
  const hash = createHash('sha256').update(relay.baseUrl).update(JSON.stringify(body)).digest('hex')
  if (deps.db.syncState.get(SETTINGS_HASH_KEY) === hash) return false
  await relay.putSettings(body)
  deps.db.syncState.set(SETTINGS_HASH_KEY, hash)
  return true
}
