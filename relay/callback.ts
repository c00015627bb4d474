// WeCom's callback URL: GET is the URL check (answer the decrypted echostr), POST a message. A POST
// whose signature checks and that decrypts is always taken and answered 200 once it is on disk:
// customer changes go to the event log and their jobs, anything else (text to the app, other events,
// nested XML, even text that is not XML) is kept whole. Only what fails verification is refused.

import type http from 'node:http'
import getRawBody from 'raw-body'
import { openMessage } from '../wecom/callback-crypto'
import { isCustomerChange, readCallbackMessage } from '../wecom/callback-message'
import { parseFlatXml } from '../wecom/callback-xml'
import { CALLBACK_PATH_PREFIX } from '../common/relay-api'
import type { ClockSkew } from './clock-skew'
import type { CorpConfig } from './config'
import type { GroupCommit } from './ingest'
import type { RelayLog } from './log'

const CALLBACK_BODY_MAX = 256 * 1024

export interface CallbackDeps {
  corps: ReadonlyMap<string, Pick<CorpConfig, 'corpId' | 'token' | 'encodingAesKey'>>
  commit: GroupCommit
  skew: ClockSkew
  now: () => number
  log: RelayLog
  send: (res: http.ServerResponse, status: number, body: unknown) => void
}

export function callbackHandler(deps: CallbackDeps) {
  const { corps, commit, log, now, send } = deps
  return async function callback(req: http.IncomingMessage, res: http.ServerResponse, url: URL) {
    const corpId = decodeURIComponent(url.pathname.slice(CALLBACK_PATH_PREFIX.length))
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
    const envelope = parseFlatXml(await getRawBody(req, { limit: CALLBACK_BODY_MAX, encoding: 'utf8' }))
    if (!envelope?.Encrypt) {
      log('malformed callback', { corpId })
      return send(res, 400, { error: 'malformed', message: 'malformed body' })
    }
    const opened = openMessage(corp, params, envelope.Encrypt)
    if (!opened.ok) {
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
