// Whether a failure means WeCom (or the relay) could not be reached, as opposed to a refusal.

import { AppError } from '../../common/bridge-result'
import { isOfflineError } from '../sync/offline'

export function wecomOffline(error: unknown): boolean {
  return isOfflineError(error) || (error instanceof AppError && error.code === 'OFFLINE')
}
