// The delivery funnel of one code, read from SQLite (works offline): each relation of the code with
// the latest relay job of each kind for it (keyed, as the relay keys them, on the member who added),
// folded by common/funnel.ts into counts per code and per member and failures by reason.

import { buildFunnel, type CodeFunnel, type FunnelFacts } from '../../../common/funnel'
import type { Sql } from '../sql'

export interface FunnelRepo {
  of(codeId: number): CodeFunnel
}

const latest = (kind: string, withError = true) =>
  `(SELECT a.status || '|' || coalesce(a.errcode, '')${withError ? ` || '|' || coalesce(a.last_error, '')` : ''}
     FROM relay_actions a
     WHERE a.state = c.state AND a.kind = '${kind}' AND a.userid = r.member_userid
       AND a.external_userid = r.external_userid ORDER BY a.id DESC LIMIT 1)`

export function createFunnelRepo(sql: Sql): FunnelRepo {
  return {
    of(codeId) {
      const rows = sql.all<Omit<FunnelFacts, 'welcomeOff'> & { welcomeOff: number }>(
        `SELECT r.member_userid AS userid,
           coalesce(nullif(m.name, ''), r.member_userid) AS memberName,
           (coalesce(cw.mode, 'own') = 'none') AS welcomeOff,
           0 AS codeTagCount,
           ${latest('welcome')} AS welcomeJob,
           ${latest('tags')} AS tagsJob,
           ${latest('remark')} AS remarkJob,
           (SELECT t.status FROM tag_repairs t WHERE t.code_id = r.code_id
              AND t.external_userid = r.external_userid AND t.member_userid = r.member_userid) AS repair
         FROM relations r
         JOIN codes c ON c.id = r.code_id
         LEFT JOIN code_welcome cw ON cw.code_id = r.code_id
         LEFT JOIN members m ON m.userid = r.member_userid
         WHERE r.code_id = ?`,
        [codeId],
      )
      const tagCount =
        sql.one<{ n: number }>('SELECT count(*) AS n FROM code_tags WHERE code_id = ?', [codeId])?.n ?? 0
      const welcomeOff =
        sql.one<{ mode: string }>('SELECT mode FROM code_welcome WHERE code_id = ?', [codeId])?.mode ===
        'none'
      return buildFunnel(
        rows.map((r) => ({ ...r, welcomeOff: r.welcomeOff === 1, codeTagCount: tagCount })),
        tagCount,
        welcomeOff,
      )
    },
  }
}
