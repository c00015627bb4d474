// Field errors keyed by form path ('name', 'welcome.attachment.url', 'autoAccept.windows'): built from zod
// issues on the client and from BridgeError.fields on the server, in one shape the fields read.

import { validationFailure } from '../../common/bridge-result'

export type FieldErrors = Record<string, string>

/** Collapses array positions so 'memberUserids.3' and 'autoAccept.windows.2.start' land on their field. */
export function fieldKey(path: string): string {
  const parts = path.split('.')
  const cut = parts.findIndex((p) => /^\d+$/.test(p))
  return (cut === -1 ? parts : parts.slice(0, cut)).join('.')
}

export function errorsFromIssues(issues: readonly { path: PropertyKey[]; message: string }[]): FieldErrors {
  if (!issues.length) return {}
  return normalizeFields(validationFailure(issues).fields ?? {})
}

/** Server fields: drop a wrapper prefix (updateCode sends {id, code}) and collapse array positions. */
export function normalizeFields(fields: Record<string, string>, prefix?: string): FieldErrors {
  const out: FieldErrors = {}
  for (const [raw, message] of Object.entries(fields)) {
    const path = prefix && raw.startsWith(`${prefix}.`) ? raw.slice(prefix.length + 1) : raw
    out[fieldKey(path)] ??= message
  }
  return out
}

/** The first key of `order` that has an error, else the first error key at all. */
export function firstErrorKey(errors: FieldErrors, order: readonly string[]): string | undefined {
  return order.find((k) => errors[k]) ?? Object.keys(errors)[0]
}

/** The DOM id a field's focusable element carries, so the form can focus the first invalid one. */
export function fieldDomId(key: string): string {
  return `field-${key.replace(/[^A-Za-z0-9_-]/g, '-')}`
}
