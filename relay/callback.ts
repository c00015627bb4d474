// WeCom's callback URL: GET is the URL check (answer the decrypted echostr), POST a message. A POST
// whose signature checks and that decrypts is always taken and answered 200 once it is on disk:
// customer changes go to the event log and their jobs, anything else (text to the app, other events,
// nested XML, even text that is not XML) is kept whole. Only what fails verification is refused.

import type http from 'node:http'
import getRawBody from 'raw-body'
import { openMessage } from '../wecom/callback-crypto'
import { isCustomerChange, readCallbackMessage } from '../wecom/callback-message'
import { envelopeEncrypt } from '../wecom/callback-envelope'
import { decodePathPart } from '../wecom/request-target'
import { CALLBACK_PATH_PREFIX } from '../common/relay-api'
import type { ClockSkew } from './clock-skew'
import type { CorpConfig } from './config'
import type { GroupCommit } from './ingest'
import type { RelayLog } from './log'
import type { RefusalBudget } from './refusal-budget'

const CALLBACK_BODY_MAX = 256 * 1024

export interface CallbackDeps {
  corps: ReadonlyMap<string, Pick<CorpConfig, 'corpId' | 'token' | 'encodingAesKey'>>
  commit: GroupCommit
  skew: ClockSkew
  now: () => number
  log: RelayLog
  send: (res: http.ServerResponse, status: number, body: unknown, headers?: Record<string, string>) => void
  /** Refusals that cost a body read, per address and corp (see refusal-budget.ts). */
  budget: RefusalBudget
  address: (req: http.IncomingMessage) => string
  /** How long a request over its budget waits for its 429. */
  refusalDelayMs: number
}

export function callbackHandler(deps: CallbackDeps) {
  const { corps, commit, log, now, send } = deps
  return async function callback(req: http.IncomingMessage, res: http.ServerResponse, url: URL) {
    const corpId = decodePathPart(url.pathname.slice(CALLBACK_PATH_PREFIX.length))
    if (corpId === null) return send(res, 400, { error: 'malformed', message: 'malformed path' })
    const corp = corps.get(corpId)
    if (!corp) {
      log('callback for unknown corp', { corpId: corpId.slice(0, 64) })
      return send(res, 404, { error: 'unknown_corp', message: 'unknown corp' })
    }
    const params = {
      signature: url.searchParams.get('msg_signature') ?? '',
      timestamp: url.searchParams.get('timestamp') ?? '',
      nonce: url.searchParams.get('nonce') ?? '',
    }
    if (req.method === 'GET') {
      const opened = openMessage(corp, params, url.searchParams.get('echostr') ?? '')
      if (!opened.ok) {
        log('url verification refused', { corpId, reason: opened.reason })
        return send(res, opened.status, { error: 'refused', message: opened.reason })
      }
      deps.skew.record(corpId, params.timestamp, now())
      res.writeHead(200, { 'content-type': 'text/plain' })
      return res.end(opened.message)
    }
    if (req.method !== 'POST') return send(res, 405, { error: 'method', message: 'GET or POST only' })
    // Keyed by corp too: a corp whose Token is wrong in its console must not, through WeCom's shared
    // addresses, spend the budget of another corp's callbacks.
    const source = `${deps.address(req)} ${corpId}`
    if (!deps.budget.allows(source)) {
      // Answered later, without the body ever being read, and the connection closed.
      const answer = () => {
        res.once('finish', () => req.socket.destroy())
        send(res, 429, { error: 'refused', message: 'too many refused requests' }, { connection: 'close' })
      }
      if (deps.refusalDelayMs > 0) setTimeout(answer, deps.refusalDelayMs).unref()
      else answer()
      return
    }
    // Signature first: the Encrypt value is found in linear time and verified before anything else
    // in the body is looked at, so an unsigned request of any shape costs next to nothing.
    const encrypted = envelopeEncrypt(await getRawBody(req, { limit: CALLBACK_BODY_MAX }))
    if (!encrypted) {
      deps.budget.spend(source)
      log('malformed callback', { corpId })
      return send(res, 400, { error: 'malformed', message: 'malformed body' })
    }
    const opened = openMessage(corp, params, encrypted)
    if (!opened.ok) {
      deps.budget.spend(source)
      log('callback refused', { corpId, reason: opened.reason })
      return send(res, opened.status, { error: 'refused', message: opened.reason })
    }
    const receivedAt = now()
    deps.skew.record(corpId, params.timestamp, receivedAt)
    const message = readCallbackMessage(opened.message)
    if (message && isCustomerChange(message)) {
      const f = message.fields
      await commit.submit({
        corpId,
        event: message.event,
        changeType: message.changeType,
        userid: f.UserID ?? '',
        externalUserid: f.ExternalUserID ?? '',
        state: f.State ?? '',
        welcomeCode: f.WelcomeCode ?? '',
        createTime: message.createTime,
        // transfer_fail carries its reason as FailReason; the event log has one field for both.
        source: f.Source ?? f.FailReason ?? '',
        receivedAt,
        addedAt: addedAt(message.createTime, Number(params.timestamp), receivedAt),
      })
    } else {
      await commit.keep({
        corpId,
        msgType: message?.msgType ?? '',
        event: message?.event ?? '',
        changeType: message?.changeType ?? '',
        createTime: message?.createTime ?? 0,
        receivedAt,
        xml: opened.message,
      })
    }
    // Stored (or a retry of something already stored): WeCom wants 200 with an empty body.
    res.writeHead(200, { 'content-type': 'text/plain' })
    res.end('')
  }
}

/**
 * When the customer was added, on the relay's clock. CreateTime and the signed timestamp (when WeCom
 * sent this try) are both on WeCom's clock, so their difference is how late the callback is,
 * whatever the relay's own clock says; CreateTime is whole seconds, so the add may be up to 1 s
 * later than it says. Never later than the callback's arrival.
 */
function addedAt(createTime: number, sentAt: number, receivedAt: number): number {
  if (!(createTime > 0) || !(sentAt >= createTime)) return receivedAt
  return Math.min(receivedAt, receivedAt - (sentAt - createTime) * 1000 + 1000)
}
