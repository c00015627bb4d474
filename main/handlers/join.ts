// Joins the handler slices into one table, refusing a call that two slices both define (an object
// spread would let the later one win silently — Actual's createApp refuses it the same way). The
// result's type is every slice's calls together, so a call without a handler is a type error where
// the table is used as Handlers.

import type { Handlers } from '../../common/contract'

type Joined<S extends readonly object[]> = S extends readonly [
  infer Head,
  ...infer Tail extends readonly object[],
]
  ? Head & Joined<Tail>
  : unknown

export function joinSlices<const S extends readonly Partial<Handlers>[]>(...slices: S): Joined<S> {
  const table: Record<string, unknown> = {}
  for (const slice of slices) {
    for (const [name, handler] of Object.entries(slice)) {
      if (Object.hasOwn(table, name)) throw new Error(`two handler slices define "${name}"`)
      table[name] = handler
    }
  }
  return table as Joined<S>
}
