// What every simulated endpoint receives and the lenient readers for its JSON body: WeCom ignores
// fields of the wrong type rather than failing on them, so the readers fall back to defaults.

import type { SimCorp } from './corp'

export interface ApiRequest {
  query: URLSearchParams
  body: Record<string, unknown>
  raw: Buffer
  contentType: string
  apiBase: string
}

/** Answers the JSON body without errcode (the server adds errcode 0) or throws ApiError. */
export type Handler = (
  corp: SimCorp,
  req: ApiRequest,
) => Record<string, unknown> | Promise<Record<string, unknown>>

export const str = (v: unknown): string => (typeof v === 'string' ? v : '')
export const strs = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []
export const nums = (v: unknown): number[] =>
  Array.isArray(v) ? v.filter((x): x is number => typeof x === 'number' && Number.isInteger(x)) : []
export const num = (v: unknown, d: number): number => (typeof v === 'number' && Number.isFinite(v) ? v : d)
export const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v)
