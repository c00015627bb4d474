// A code's richer welcome (issue 17) as the desktop keeps it: the three optional policy fields of
// common/welcome-schemas.ts in one object, carried on the code input and on the code, stored as one
// JSON value and pushed to the relay as they are. Its own file so common/schemas.ts need not import
// welcome-schemas.ts (which imports schemas.ts).

import { z } from 'zod'
import { codeInputSchema } from './schemas'
import { richWelcomePolicyFields } from './welcome-schemas'

export const richWelcomeSchema = z.strictObject(richWelcomePolicyFields)
export type RichWelcome = z.output<typeof richWelcomeSchema>

/** The code form's input: the 0.1 fields plus the optional rich welcome. */
export const richCodeInputSchema = codeInputSchema.extend({ rich: richWelcomeSchema.optional() })
export type RichCodeInput = z.output<typeof richCodeInputSchema>

/** True when nothing of the rich welcome is set (then nothing is stored or pushed). */
export function isEmptyRichWelcome(r: RichWelcome | undefined | null): boolean {
  if (!r) return true
  return (
    (r.welcomeAttachments ?? []).length === 0 &&
    (r.welcomeWindows ?? []).length === 0 &&
    (!r.autoRemark || (r.autoRemark.remark === '' && r.autoRemark.description === ''))
  )
}
