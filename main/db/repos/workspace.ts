// The single workspace row: which corp (or the sandbox) this data belongs to and the values pasted
// into the WeCom console. Secrets (corp secret, relay key) are never stored here — see main/secrets.

import type { WelcomeContent, WorkspaceKind } from '../../../common/domain'
import type { Sql } from '../sql'

export interface StoredWorkspace {
  kind: WorkspaceKind
  corpId: string
  corpName: string
  relayUrl: string
  /** The WeCom API host for this corp; '' = the default. */
  apiBase: string
  timeZone: string
  callbackToken: string
  encodingAesKey: string
  defaultWelcome: WelcomeContent
  createdAt: number
  updatedAt: number
}

export interface WorkspaceRepo {
  get(): StoredWorkspace | null
  /** Creates or replaces the row; createdAt of an existing row is kept. */
  save(workspace: Omit<StoredWorkspace, 'createdAt' | 'updatedAt'>, now: number): StoredWorkspace
}

interface WorkspaceRow {
  kind: WorkspaceKind
  corp_id: string
  corp_name: string
  relay_url: string
  api_base: string
  time_zone: string
  callback_token: string
  encoding_aes_key: string
  default_welcome_json: string
  created_at: number
  updated_at: number
}

export function createWorkspaceRepo(sql: Sql): WorkspaceRepo {
  const get = (): StoredWorkspace | null => {
    const r = sql.one<WorkspaceRow>('SELECT * FROM workspace WHERE id = 1')
    if (!r) return null
    return {
      kind: r.kind,
      corpId: r.corp_id,
      corpName: r.corp_name,
      relayUrl: r.relay_url,
      apiBase: r.api_base,
      timeZone: r.time_zone,
      callbackToken: r.callback_token,
      encodingAesKey: r.encoding_aes_key,
      defaultWelcome: JSON.parse(r.default_welcome_json) as WelcomeContent,
      createdAt: r.created_at,
      updatedAt: r.updated_at,
    }
  }
  return {
    get,
    save(w, now) {
      sql.run(
        `INSERT INTO workspace (id, kind, corp_id, corp_name, relay_url, api_base, time_zone, callback_token, encoding_aes_key,
           default_welcome_json, created_at, updated_at)
         VALUES (1, @kind, @corpId, @corpName, @relayUrl, @apiBase, @timeZone, @callbackToken, @encodingAesKey,
           @defaultWelcome, @now, @now)
         ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, corp_id = excluded.corp_id,
           corp_name = excluded.corp_name, relay_url = excluded.relay_url, api_base = excluded.api_base,
           time_zone = excluded.time_zone,
           callback_token = excluded.callback_token, encoding_aes_key = excluded.encoding_aes_key,
           default_welcome_json = excluded.default_welcome_json, updated_at = excluded.updated_at`,
        {
          kind: w.kind,
          corpId: w.corpId,
          corpName: w.corpName,
          relayUrl: w.relayUrl,
          apiBase: w.apiBase,
          timeZone: w.timeZone,
          callbackToken: w.callbackToken,
          encodingAesKey: w.encodingAesKey,
          defaultWelcome: JSON.stringify(w.defaultWelcome),
          now,
        },
      )
      return get()!
    },
  }
}
