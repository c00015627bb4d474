// What the renderer sees of the corp's shared registry: who I am, open conflicts (both versions of
// a code side by side) and the corp's desktop keys. Pure types, shared by main and the renderer.

import type { CodeInput } from './schemas'

export interface Identity {
  /** The display name recorded as creator of what this desktop makes. */
  name: string
  /** False until the manager picked (or typed) themself at setup. */
  chosen: boolean
  /** Names to pick from: the corp's members (sandbox: its demo managers). */
  suggestions: string[]
}

export interface ConflictSide {
  /** The editable fields; null when this version cannot show the record (a newer desktop's format). */
  fields: CodeInput | null
  by: string
  at: number
}

export interface CodeConflictView {
  id: number
  name: string
  mine: ConflictSide
  theirs: ConflictSide & { deleted: boolean; version: number }
}

export interface RelayKeysView {
  me: { keyId: string; who: string; admin: boolean } | null
  keys: {
    keyId: string
    who: string
    createdAt: number
    lastSeenAt: number | null
    revokedAt: number | null
  }[]
}
