// WeCom errcodes that are really about the chosen members: shown beside the 使用人员 field so the
// manager knows which input to change, not only a banner.

import { AppError } from '../../common/bridge-result'

const MEMBER_ERRCODES: ReadonlySet<number> = new Set([41041, 41054, 40098, 60011, 84074])

interface ErrcodeCarrier {
  name: string
  errcode: number
  message: string
}

function isWeComError(error: unknown): error is ErrcodeCarrier {
  if (typeof error !== 'object' || error === null) return false
  const e = error as Partial<ErrcodeCarrier>
  return e.name === 'WeComError' && typeof e.errcode === 'number' && typeof e.message === 'string'
}

/** Rethrows a member-related WeCom error as a WECOM AppError with fields.memberUserids; others unchanged. */
export function withMemberField(error: unknown): unknown {
  if (!isWeComError(error) || !MEMBER_ERRCODES.has(error.errcode)) return error
  return new AppError('WECOM', error.message, { memberUserids: error.message }, error.errcode)
}
