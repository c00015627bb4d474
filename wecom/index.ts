// The WeCom API client: create one per (corp, secret) and point it at WeCom or the sandbox.
export { createWeComClient } from './client'
export { WeComError, WeComNetworkError, isWeComError } from './errors'
export type * from './types'
export { WECOM_API_BASE } from './api-base'
