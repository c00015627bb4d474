// Keeps the relay's workspace settings (time zone, default welcome) current: pushed when they changed
// since the last confirmed push, so a big default image is not resent on every sync, and again after
// the relay was replaced (forgetRelay resets the stored hash).

import { createHash } from 'node:crypto'
import type { RelaySettings } from '../../common/relay-api'
import type { SyncDeps } from './ports'

export const SETTINGS_HASH_KEY = 'relay_settings_hash'

type SettingsDeps = Pick<SyncDeps, 'db' | 'relay' | 'settings'>

function wanted(deps: SettingsDeps): { body: RelaySettings; hash: string } | null {
  const relay = deps.relay()
  const settings = deps.settings()
  if (!relay || !settings.defaultWelcome) return null
  const body: RelaySettings = { timeZone: settings.timeZone, defaultWelcome: settings.defaultWelcome }
  const hash = createHash('sha256').update(relay.baseUrl).update(JSON.stringify(body)).digest('hex')
  return { body, hash }
}

/** Whether the relay has not confirmed the current settings yet (a save while it was unreachable). */
export function settingsPending(deps: SettingsDeps): boolean {
  const w = wanted(deps)
  return w !== null && deps.db.syncState.get(SETTINGS_HASH_KEY) !== w.hash
}

export async function pushSettingsIfChanged(deps: SettingsDeps): Promise<boolean> {
  const w = wanted(deps)
  if (!w || deps.db.syncState.get(SETTINGS_HASH_KEY) === w.hash) return false
  await deps.relay()!.putSettings(w.body)
  deps.db.syncState.set(SETTINGS_HASH_KEY, w.hash)
  return true
}
