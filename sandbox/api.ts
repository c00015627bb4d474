// The simulated WeCom server API: one table from path to handler, gathered from the endpoint files.
// gettoken is not here: the server answers it before any token check.

import { corpApi } from './api-corp'
import { customerApi } from './api-customers'
import { messageApi } from './api-messages'
import type { Handler } from './api-request'
import { transferApi } from './api-transfers'
import { wayApi } from './api-ways'

export type { ApiRequest, Handler } from './api-request'

export const API: Readonly<Record<string, Handler>> = {
  ...corpApi,
  ...wayApi,
  ...customerApi,
  ...messageApi,
  ...transferApi,
}
