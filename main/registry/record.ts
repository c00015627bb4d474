// A local code as a registry record and back. The record is built over the one last seen on the
// relay, so fields this desktop does not know (a newer desktop's groups, routing, …) are kept as they
// were, and only the fields this desktop edits are replaced.

import type { RegistryRecord } from '../../common/relay-api'
import { isEmptyRichWelcome, richWelcomeSchema, type RichWelcome } from '../../common/rich-welcome'
import { codeInputSchema, type CodeInput } from '../../common/schemas'
import type { StoredCode } from '../db/repos/codes'

/** The creator shown for a way imported from WeCom (made outside this app). */
export const IMPORTED_CREATOR = '导入'

/** The code's key in the registry: its state, or for an imported way without one its config_id. */
export function codeKeyOf(code: Pick<StoredCode, 'state' | 'configId'>): string {
  return code.state !== '' ? code.state : `w.${code.configId.replace(/[^A-Za-z0-9._-]/g, '_')}`.slice(0, 140)
}

export function recordOf(code: StoredCode, base: RegistryRecord | null): RegistryRecord {
  // The rich welcome (timed messages, attachments, auto remark) is the code's own, whole: a record
  // without it means the code has none, so the base's copy is dropped rather than kept.
  const { rich: _baseRich, ...kept }: Partial<RegistryRecord> = base ?? {}
  return {
    ...kept,
    name: code.name,
    creator: code.creator || (code.origin === 'imported' ? IMPORTED_CREATOR : ''),
    state: code.state,
    configId: code.configId,
    qrUrl: code.qrUrl,
    createdAt: code.createdAt,
    updatedAt: code.updatedAt,
    origin: code.origin,
    memberUserids: code.memberUserids,
    tagIds: code.tagIds,
    welcome: { ...(base?.welcome ?? {}), ...code.welcome },
    autoAccept: { ...(base?.autoAccept ?? {}), ...code.autoAccept },
    ...(isEmptyRichWelcome(code.rich) ? {} : { rich: code.rich }),
  }
}

/** The record a code would have after an edit with `input` at `at` (an input without `rich` keeps the code's). */
export function recordAfter(
  code: StoredCode,
  input: CodeInput & { rich?: RichWelcome | undefined },
  at: number,
  base: RegistryRecord | null,
) {
  const { rich, ...fields } = input
  return recordOf(
    { ...code, ...fields, ...(rich ? { rich } : {}), name: input.name.trim(), updatedAt: at },
    base,
  )
}

/**
 * The editable fields of a record, checked as this desktop checks its own form; null when they do not
 * pass. `rich` is always set (empty when the record has none), so applying it clears a removed one.
 */
export function inputOf(record: RegistryRecord): (CodeInput & { rich: RichWelcome }) | null {
  const rich = richWelcomeSchema.safeParse(record.rich ?? {})
  const parsed = codeInputSchema.safeParse({
    name: record.name,
    memberUserids: record.memberUserids,
    tagIds: record.tagIds,
    welcome: { mode: record.welcome.mode, text: record.welcome.text, attachment: record.welcome.attachment },
    autoAccept: { mode: record.autoAccept.mode, windows: record.autoAccept.windows },
  })
  return parsed.success && rich.success ? { ...parsed.data, rich: rich.data } : null
}

/** The fields the conflict screen compares and merges, with their Chinese labels. */
export const MERGE_FIELDS = ['name', 'memberUserids', 'tagIds', 'welcome', 'autoAccept'] as const
export type MergeField = (typeof MERGE_FIELDS)[number]
