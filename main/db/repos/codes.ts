// The codes repository: a code and its members, tags, welcome and schedule are written together in
// one transaction, deleted codes stay (soft delete) so their statistics and customers remain readable.

import type {
  AutoAccept,
  AutoAcceptMode,
  Code,
  CodeListItem,
  CodeListPage,
  CodeOrigin,
  CodeWelcome,
  RelayState,
} from '../../../common/domain'
import type { RichWelcome } from '../../../common/rich-welcome'
import type { CodeFilter, CodeListQuery, CodeSort } from '../../../common/schemas'
import { DuplicateCodeNameError, sqliteCode } from '../errors'
import { likeContains, pageWindow, type Sql } from '../sql'
import {
  CODE_COLUMNS,
  codeFromRows,
  toSummary,
  welcomeParams,
  type CodeRow,
  type WelcomeRow,
  type WindowRow,
} from './code-rows'
import { readRich, writeRich } from './rich-welcome'

export interface NewCode {
  configId: string
  state: string
  name: string
  qrUrl: string
  qrContent?: string | null
  creator: string
  createdAt: number
  origin?: CodeOrigin
  relayState?: RelayState
  memberUserids: string[]
  tagIds: string[]
  welcome: CodeWelcome
  autoAccept: AutoAccept
  /** Default 2: every code this app makes. */
  wayType?: 1 | 2 | null
  partyIds?: number[]
  rich?: RichWelcome
}

/** Fields an edit may change; children given are replaced whole. */
export interface CodeChanges {
  name?: string
  configId?: string
  qrUrl?: string
  qrContent?: string | null
  memberUserids?: string[]
  tagIds?: string[]
  welcome?: CodeWelcome
  autoAccept?: AutoAccept
  relayState?: RelayState
  wayType?: 1 | 2
  /** Replaced whole when given; an empty one removes the row. */
  rich?: RichWelcome
  updatedAt: number
}

/** A code as stored: the domain shape plus what only main needs. */
export interface StoredCode extends Code {
  qrContent: string | null
  deletedAt: number | null
  /** An imported way's departments, sent back on every update (never omitted). */
  partyIds: number[]
}

export interface CodesRepo {
  insert(code: NewCode): StoredCode
  update(id: number, changes: CodeChanges): StoredCode
  softDelete(id: number, at: number): boolean
  /** Live codes only unless includeDeleted. */
  get(id: number, options?: { includeDeleted?: boolean }): StoredCode | null
  /** Includes deleted codes: an event for an old state still belongs to its (deleted) code. */
  getByState(state: string): StoredCode | null
  getByConfigId(configId: string): StoredCode | null
  /** A page of live codes in the asked order, each with its figures, and the totals of the filter. */
  list(query: CodeListQuery): CodeListPage
  /** Every live code matching the filter (or exactly `ids`), in the list's order — for export. */
  listAll(filter: CodeFilter, ids?: number[], sort?: CodeSort): CodeListItem[]
  listCreators(): string[]
  nameExists(name: string, exceptId?: number): boolean
  /**
   * Codes whose policy the relay has not confirmed, deleted ones included (their policy must go),
   * except those whose delete is still pending.
   */
  listPendingRelay(): StoredCode[]
  pendingRelayCount(): number
  /**
   * With expectedUpdatedAt, only when the code was not edited since that push began (an edit made
   * meanwhile stays 'pending' and goes out on the next sync). Returns whether the row changed.
   */
  setRelayState(id: number, state: RelayState, expectedUpdatedAt?: number): boolean
  setQrContent(id: number, content: string | null): void
  /** Keeps the QR a code had before its way was replaced. */
  retireQr(id: number, old: { configId: string; qrUrl: string; qrContent: string | null }, at: number): void
  /** Live codes whose QR image has not been read yet (for caching before the app goes offline). */
  listMissingQr(): { id: number; name: string; qrUrl: string }[]
  /** Replaces every stored QR URL (deleted codes and QR history too) by rewrite(url); returns how many changed. */
  rewriteQrUrls(rewrite: (url: string) => string): number
}

/**
 * A code whose delete is still pending keeps its relay policy until WeCom has deleted the way (the
 * manager may undo, and a printed QR keeps its welcome meanwhile): no push may remove it early.
 */
const NOT_IN_UNDO_WINDOW = 'NOT EXISTS (SELECT 1 FROM pending_deletes p WHERE p.code_id = c.id)'

interface FilterSql {
  where: string
  params: Record<string, unknown>
}

function filterSql(filter: CodeFilter): FilterSql {
  const conditions = ['c.deleted_at IS NULL']
  const params: Record<string, unknown> = {}
  const name = filter.name?.trim()
  if (name) {
    conditions.push("c.name LIKE @name ESCAPE '\\'")
    params.name = likeContains(name)
  }
  if (filter.createdFrom !== undefined) {
    conditions.push('c.created_at >= @createdFrom')
    params.createdFrom = filter.createdFrom
  }
  if (filter.createdTo !== undefined) {
    conditions.push('c.created_at <= @createdTo')
    params.createdTo = filter.createdTo
  }
  const creator = filter.creator?.trim()
  if (creator) {
    conditions.push('c.creator = @creator')
    params.creator = creator
  }
  // A code's group is one row keyed by its id (db step 14): either check is one index lookup.
  if (filter.groupId === 0) {
    conditions.push('NOT EXISTS (SELECT 1 FROM code_group_members g WHERE g.code_id = c.id)')
  } else if (filter.groupId !== undefined) {
    conditions.push(
      'EXISTS (SELECT 1 FROM code_group_members g WHERE g.code_id = c.id AND g.group_id = @groupId)',
    )
    params.groupId = filter.groupId
  }
  return { where: conditions.join(' AND '), params }
}

/**
 * A code's figures, counted from its relations through the (code_id, status, …) index: two range
 * counts per code, so a list of 1,000 codes over 100k relations reads each index entry once. Only
 * the list asks for them; loading one code (which sync does per event) never pays this.
 */
const COUNT_COLUMNS = `(SELECT count(*) FROM relations r WHERE r.code_id = c.id) AS cumulative,
  (SELECT count(*) FROM relations r WHERE r.code_id = c.id AND r.status = 'lost') AS lost`

const SORT_SQL: Record<CodeSort['by'], string> = {
  createdAt: 'f.created_at',
  cumulative: 'f.cumulative',
  lost: 'f.lost',
  current: 'f.cumulative - f.lost',
}

/** Ties (many codes with no customers yet) fall back to newest first, so paging is stable. */
function orderSql(sort: CodeSort | undefined): string {
  const by = SORT_SQL[sort?.by ?? 'createdAt']
  const dir = sort?.dir === 'asc' ? 'ASC' : 'DESC'
  return `${by} ${dir}, f.created_at DESC, f.id DESC`
}

type ListRow = CodeRow & { cumulative: number; lost: number }

function toListItem(row: ListRow): CodeListItem {
  return {
    ...toSummary(row),
    counts: { cumulative: row.cumulative, lost: row.lost, current: row.cumulative - row.lost },
  }
}

export function createCodesRepo(sql: Sql): CodesRepo {
  /** The filtered codes with their figures, as a CTE named f; `where` is over codes c. */
  const filtered = (where: string) =>
    `WITH f AS (SELECT c.id, c.created_at, ${COUNT_COLUMNS} FROM codes c WHERE ${where})`

  const load = (row: CodeRow | undefined): StoredCode | null => {
    if (!row) return null
    const welcome = sql.one<WelcomeRow>('SELECT * FROM code_welcome WHERE code_id = ?', [row.id])
    const schedule = sql.one<{ mode: AutoAcceptMode }>('SELECT mode FROM code_schedule WHERE code_id = ?', [
      row.id,
    ])
    const windows = sql.all<WindowRow>(
      'SELECT weekday, start_time, end_time FROM code_schedule_windows WHERE code_id = ? ORDER BY weekday, start_time',
      [row.id],
    )
    const history = sql.all<{ config_id: string; qr_url: string; replaced_at: number }>(
      'SELECT config_id, qr_url, replaced_at FROM code_qr_history WHERE code_id = ? ORDER BY replaced_at DESC, id DESC',
      [row.id],
    )
    const qrHistory = history.map((h) => ({
      configId: h.config_id,
      qrUrl: h.qr_url,
      replacedAt: h.replaced_at,
    }))
    const rich = readRich(sql, row.id)
    return {
      ...codeFromRows(row, welcome, schedule?.mode, windows, qrHistory),
      ...(rich ? { rich } : {}),
      qrContent: row.qr_content,
      deletedAt: row.deleted_at,
      partyIds: JSON.parse(row.party_ids) as number[],
    }
  }
  const byColumn = (column: 'id' | 'state' | 'config_id', value: unknown) =>
    sql.one<CodeRow>(`SELECT ${CODE_COLUMNS} FROM codes c WHERE c.${column} = ?`, [value])

  const writeMembers = (id: number, userids: string[]) => {
    sql.run('DELETE FROM code_members WHERE code_id = ?', [id])
    userids.forEach((userid, position) =>
      sql.run('INSERT INTO code_members (code_id, position, userid) VALUES (?, ?, ?)', [
        id,
        position,
        userid,
      ]),
    )
  }
  const writeTags = (id: number, tagIds: string[]) => {
    sql.run('DELETE FROM code_tags WHERE code_id = ?', [id])
    tagIds.forEach((tagId, position) =>
      sql.run('INSERT INTO code_tags (code_id, position, tag_id) VALUES (?, ?, ?)', [id, position, tagId]),
    )
  }
  const writeWelcome = (id: number, welcome: CodeWelcome) => {
    sql.run(
      `INSERT OR REPLACE INTO code_welcome (code_id, mode, text, attachment_kind, image_bytes, image_mime,
        image_file_name, link_title, link_url, link_desc, link_pic_url)
       VALUES (@code_id, @mode, @text, @attachment_kind, @image_bytes, @image_mime, @image_file_name,
        @link_title, @link_url, @link_desc, @link_pic_url)`,
      welcomeParams(id, welcome),
    )
  }
  const writeSchedule = (id: number, autoAccept: AutoAccept) => {
    sql.run('INSERT OR REPLACE INTO code_schedule (code_id, mode) VALUES (?, ?)', [id, autoAccept.mode])
    sql.run('DELETE FROM code_schedule_windows WHERE code_id = ?', [id])
    for (const w of autoAccept.windows) {
      sql.run(
        'INSERT INTO code_schedule_windows (code_id, weekday, start_time, end_time) VALUES (?, ?, ?, ?)',
        [id, w.weekday, w.start, w.end],
      )
    }
  }
  /** Turns the live-name unique index firing into an error the form can show. */
  const guardName = <T>(name: string, fn: () => T): T => {
    try {
      return fn()
    } catch (error) {
      if (
        sqliteCode(error) === 'SQLITE_CONSTRAINT_UNIQUE' &&
        error instanceof Error &&
        error.message.includes('codes.name')
      ) {
        throw new DuplicateCodeNameError(name)
      }
      throw error
    }
  }

  return {
    insert(code) {
      const name = code.name.trim()
      return guardName(name, () =>
        sql.tx(() => {
          const result = sql.run(
            `INSERT INTO codes (config_id, state, name, qr_url, qr_content, creator, created_at, updated_at,
              origin, relay_state, way_type, party_ids)
             VALUES (@configId, @state, @name, @qrUrl, @qrContent, @creator, @createdAt, @createdAt, @origin,
              @relayState, @wayType, @partyIds)`,
            {
              configId: code.configId,
              state: code.state,
              name,
              qrUrl: code.qrUrl,
              qrContent: code.qrContent ?? null,
              creator: code.creator,
              createdAt: code.createdAt,
              origin: code.origin ?? 'app',
              relayState: code.relayState ?? 'pending',
              wayType: code.wayType === undefined ? 2 : code.wayType,
              partyIds: JSON.stringify(code.partyIds ?? []),
            },
          )
          const id = Number(result.lastInsertRowid)
          writeMembers(id, code.memberUserids)
          writeTags(id, code.tagIds)
          writeWelcome(id, code.welcome)
          writeSchedule(id, code.autoAccept)
          if (code.rich) writeRich(sql, id, code.rich)
          return load(byColumn('id', id))!
        }),
      )
    },

    update(id, changes) {
      const name = changes.name?.trim()
      return guardName(name ?? '', () =>
        sql.tx(() => {
          const found = sql.run(
            `UPDATE codes SET
              name = coalesce(@name, name),
              config_id = coalesce(@configId, config_id),
              qr_url = coalesce(@qrUrl, qr_url),
              qr_content = CASE WHEN @setQrContent THEN @qrContent ELSE qr_content END,
              relay_state = coalesce(@relayState, relay_state),
              way_type = coalesce(@wayType, way_type),
              updated_at = @updatedAt
             WHERE id = @id AND deleted_at IS NULL`,
            {
              id,
              name: name ?? null,
              configId: changes.configId ?? null,
              qrUrl: changes.qrUrl ?? null,
              setQrContent: changes.qrContent === undefined ? 0 : 1,
              qrContent: changes.qrContent ?? null,
              relayState: changes.relayState ?? null,
              wayType: changes.wayType ?? null,
              updatedAt: changes.updatedAt,
            },
          )
          if (found.changes === 0) throw new Error(`活码不存在 / code ${id} not found`)
          if (changes.memberUserids) writeMembers(id, changes.memberUserids)
          if (changes.tagIds) writeTags(id, changes.tagIds)
          if (changes.welcome) writeWelcome(id, changes.welcome)
          if (changes.autoAccept) writeSchedule(id, changes.autoAccept)
          if (changes.rich) writeRich(sql, id, changes.rich)
          return load(byColumn('id', id))!
        }),
      )
    },

    softDelete(id, at) {
      const result = sql.run(
        `UPDATE codes SET deleted_at = @at, updated_at = @at, relay_state = 'pending'
         WHERE id = @id AND deleted_at IS NULL`,
        { id, at },
      )
      return result.changes > 0
    },

    get(id, options) {
      const code = load(byColumn('id', id))
      if (!code || (code.deletedAt !== null && !options?.includeDeleted)) return null
      return code
    },
    getByState: (state) => load(byColumn('state', state)),
    getByConfigId: (configId) => load(byColumn('config_id', configId)),

    list(query) {
      const { where, params } = filterSql(query)
      const { limit, offset } = pageWindow(query.page, query.pageSize)
      const sums = sql.one<{ n: number; cumulative: number; lost: number }>(
        `${filtered(where)} SELECT count(*) AS n, coalesce(sum(cumulative), 0) AS cumulative,
           coalesce(sum(lost), 0) AS lost FROM f`,
        params,
      ) ?? { n: 0, cumulative: 0, lost: 0 }
      const rows = sql.all<ListRow>(
        `${filtered(where)} SELECT ${CODE_COLUMNS}, f.cumulative, f.lost FROM f JOIN codes c ON c.id = f.id
         ORDER BY ${orderSql(query.sort)} LIMIT @limit OFFSET @offset`,
        { ...params, limit, offset },
      )
      return {
        items: rows.map(toListItem),
        total: sums.n,
        totals: { cumulative: sums.cumulative, lost: sums.lost, current: sums.cumulative - sums.lost },
      }
    },

    listAll(filter, ids, sort) {
      const { where, params } = ids
        ? {
            where: 'c.deleted_at IS NULL AND c.id IN (SELECT value FROM json_each(@ids))',
            params: { ids: JSON.stringify(ids) },
          }
        : filterSql(filter)
      return sql
        .all<ListRow>(
          `${filtered(where)} SELECT ${CODE_COLUMNS}, f.cumulative, f.lost FROM f JOIN codes c ON c.id = f.id
           ORDER BY ${orderSql(sort)}`,
          params,
        )
        .map(toListItem)
    },

    listCreators: () =>
      sql
        .all<{ creator: string }>(
          "SELECT DISTINCT creator FROM codes WHERE deleted_at IS NULL AND creator <> '' ORDER BY creator",
        )
        .map((r) => r.creator),

    nameExists(name, exceptId) {
      const row = sql.one<{ id: number }>('SELECT id FROM codes WHERE name = ? AND deleted_at IS NULL', [
        name.trim(),
      ])
      return row !== undefined && row.id !== exceptId
    },

    listPendingRelay: () =>
      sql
        .all<CodeRow>(
          `SELECT ${CODE_COLUMNS} FROM codes c WHERE c.relay_state = 'pending' AND ${NOT_IN_UNDO_WINDOW} ORDER BY c.id`,
        )
        .map((row) => load(row)!),

    pendingRelayCount: () =>
      sql.one<{ n: number }>(
        `SELECT count(*) AS n FROM codes c WHERE c.relay_state = 'pending' AND ${NOT_IN_UNDO_WINDOW}`,
      )?.n ?? 0,

    setRelayState(id, state, expectedUpdatedAt) {
      const result = sql.run(
        'UPDATE codes SET relay_state = @state WHERE id = @id AND (@expected IS NULL OR updated_at = @expected)',
        { id, state, expected: expectedUpdatedAt ?? null },
      )
      return result.changes > 0
    },
    setQrContent(id, content) {
      sql.run('UPDATE codes SET qr_content = ? WHERE id = ?', [content, id])
    },
    retireQr(id, old, at) {
      sql.run(
        'INSERT INTO code_qr_history (code_id, config_id, qr_url, qr_content, replaced_at) VALUES (?, ?, ?, ?, ?)',
        [id, old.configId, old.qrUrl, old.qrContent, at],
      )
    },
    rewriteQrUrls(rewrite) {
      return sql.tx(() => {
        let changed = 0
        for (const table of ['codes', 'code_qr_history'] as const) {
          for (const row of sql.all<{ id: number; qr_url: string }>(`SELECT id, qr_url FROM ${table}`)) {
            const next = rewrite(row.qr_url)
            if (next === row.qr_url) continue
            sql.run(`UPDATE ${table} SET qr_url = ? WHERE id = ?`, [next, row.id])
            changed += 1
          }
        }
        return changed
      })
    },
    listMissingQr: () =>
      sql.all<{ id: number; name: string; qrUrl: string }>(
        `SELECT id, name, qr_url AS qrUrl FROM codes
         WHERE qr_content IS NULL AND deleted_at IS NULL AND qr_url <> '' ORDER BY id`,
      ),
  }
}
