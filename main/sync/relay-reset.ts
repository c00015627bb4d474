// A different relay numbers its events and jobs from 1 again: forget what the old one said (its
// events, job outcomes, outages and cursors) and push the settings to the new one afresh.

import { SYNC_KEYS } from '../db'
import { SETTINGS_HASH_KEY } from './settings-push'
import type { SyncDb } from './ports'

export function forgetRelay(db: Pick<SyncDb, 'events' | 'relayRecords' | 'syncState' | 'transaction'>): void {
  db.transaction(() => {
    db.events.clear()
    db.relayRecords.clearRelayState()
    db.syncState.set(SYNC_KEYS.relayCursor, '0')
    db.syncState.set(SYNC_KEYS.actionsCursor, '0')
    db.syncState.set(SETTINGS_HASH_KEY, '')
  })
}
