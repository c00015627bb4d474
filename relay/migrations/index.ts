// The relay store's numbered migrations, run by the shared runner (common/sqlite-migrations.ts): each
// step in its own transaction, the version in user_version, a data folder from a newer relay refused.
// A shipped step is never edited.

import type Database from 'better-sqlite3'
import { runMigrations, type RunOptions } from '../../common/sqlite-migrations'
import { release010 } from './0001-release-0-1-0'
import { uptime } from './0002-uptime'
import { policyVersionsAndFlipFailures } from './0003-policy-versions-and-flip-failures'
import { otherMessages } from './0004-other-messages'
import { perCorpCursors } from './0005-per-corp-cursors'
import { codeRegistryAndDesktopKeys } from './0006-code-registry-and-desktop-keys'
import { routing } from './0007-routing'
import { jobDetails } from './0008-job-details'
import { welcomesDueFirst } from './0009-welcomes-due-first'
import { pairLookupThroughEvents } from './0010-pair-lookup-through-events'
import type { RelayMigration } from './types'

export const relayMigrations: readonly RelayMigration[] = [
  release010,
  uptime,
  policyVersionsAndFlipFailures,
  otherMessages,
  perCorpCursors,
  codeRegistryAndDesktopKeys,
  routing,
  jobDetails,
  welcomesDueFirst,
  pairLookupThroughEvents,
]

export const RELAY_SCHEMA_VERSION = relayMigrations[relayMigrations.length - 1]!.version

export function migrateRelayStore(db: Database.Database, options: RunOptions = {}): number {
  return runMigrations(db, relayMigrations, { product: '中转服务', ...options })
}
