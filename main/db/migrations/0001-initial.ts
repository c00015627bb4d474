// The first schema: workspace, staff and tags mirrored from WeCom, codes with their settings, customers
// and the relations the counts are made of. Secrets are never stored here (see main/secrets).

import type { Migration } from './types'

export const initial: Migration = {
  version: 1,
  name: 'initial',
  up(db) {
    db.exec(`
      CREATE TABLE workspace (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        kind TEXT NOT NULL CHECK (kind IN ('sandbox', 'corp')),
        corp_id TEXT NOT NULL,
        corp_name TEXT NOT NULL DEFAULT '',
        relay_url TEXT NOT NULL DEFAULT '',
        time_zone TEXT NOT NULL DEFAULT 'Asia/Shanghai',
        callback_token TEXT NOT NULL DEFAULT '',
        encoding_aes_key TEXT NOT NULL DEFAULT '',
        default_welcome_json TEXT NOT NULL DEFAULT '{"text":"","attachment":null}',
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      );

      CREATE TABLE departments (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        parent_id INTEGER NOT NULL DEFAULT 0,
        sort_order INTEGER NOT NULL DEFAULT 0
      );

      CREATE TABLE members (
        userid TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        department_ids TEXT NOT NULL DEFAULT '[]',
        status INTEGER NOT NULL DEFAULT 1,
        can_follow INTEGER NOT NULL DEFAULT 0,
        enabled INTEGER NOT NULL DEFAULT 1,
        removed_at INTEGER,
        updated_at INTEGER NOT NULL
      );

      CREATE TABLE tag_groups (
        group_id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        sort_order INTEGER NOT NULL DEFAULT 0,
        deleted INTEGER NOT NULL DEFAULT 0,
        updated_at INTEGER NOT NULL
      );

      CREATE TABLE tags (
        id TEXT PRIMARY KEY,
        group_id TEXT NOT NULL,
        name TEXT NOT NULL,
        sort_order INTEGER NOT NULL DEFAULT 0,
        deleted INTEGER NOT NULL DEFAULT 0,
        updated_at INTEGER NOT NULL
      );
      CREATE INDEX tags_group ON tags(group_id, sort_order);

      CREATE TABLE codes (
        id INTEGER PRIMARY KEY,
        config_id TEXT NOT NULL UNIQUE,
        state TEXT NOT NULL UNIQUE,
        name TEXT NOT NULL CHECK (length(name) > 0 AND name = trim(name)),
        qr_url TEXT NOT NULL DEFAULT '',
        creator TEXT NOT NULL DEFAULT '',
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        origin TEXT NOT NULL DEFAULT 'app' CHECK (origin IN ('app', 'imported')),
        relay_state TEXT NOT NULL DEFAULT 'pending' CHECK (relay_state IN ('synced', 'pending')),
        deleted_at INTEGER
      );
      -- Names are unique among live codes only: a deleted code keeps its name for history.
      CREATE UNIQUE INDEX codes_live_name ON codes(name) WHERE deleted_at IS NULL;

      CREATE TABLE code_members (
        code_id INTEGER NOT NULL REFERENCES codes(id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        userid TEXT NOT NULL,
        PRIMARY KEY (code_id, position),
        UNIQUE (code_id, userid)
      ) WITHOUT ROWID;

      CREATE TABLE code_tags (
        code_id INTEGER NOT NULL REFERENCES codes(id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        tag_id TEXT NOT NULL,
        PRIMARY KEY (code_id, position),
        UNIQUE (code_id, tag_id)
      ) WITHOUT ROWID;

      CREATE TABLE code_welcome (
        code_id INTEGER PRIMARY KEY REFERENCES codes(id) ON DELETE CASCADE,
        mode TEXT NOT NULL CHECK (mode IN ('own', 'default', 'none')),
        text TEXT NOT NULL DEFAULT '',
        attachment_kind TEXT CHECK (attachment_kind IN ('image', 'link')),
        image_bytes BLOB,
        image_mime TEXT,
        image_file_name TEXT,
        link_title TEXT,
        link_url TEXT,
        link_desc TEXT,
        link_pic_url TEXT
      );

      CREATE TABLE code_schedule (
        code_id INTEGER PRIMARY KEY REFERENCES codes(id) ON DELETE CASCADE,
        mode TEXT NOT NULL CHECK (mode IN ('off', 'on', 'scheduled'))
      );

      CREATE TABLE code_schedule_windows (
        code_id INTEGER NOT NULL REFERENCES codes(id) ON DELETE CASCADE,
        weekday INTEGER NOT NULL CHECK (weekday BETWEEN 1 AND 7),
        start_time TEXT NOT NULL,
        end_time TEXT NOT NULL,
        PRIMARY KEY (code_id, weekday, start_time)
      ) WITHOUT ROWID;

      CREATE TABLE customers (
        external_userid TEXT PRIMARY KEY,
        name TEXT NOT NULL DEFAULT '',
        avatar TEXT NOT NULL DEFAULT '',
        type INTEGER NOT NULL DEFAULT 1,
        corp_name TEXT NOT NULL DEFAULT '',
        updated_at INTEGER NOT NULL
      );

      -- One (code, customer, member) triple, born on the first add; never deleted, so the count of
      -- rows is the cumulative figure and status splits it into current + lost.
      CREATE TABLE relations (
        id INTEGER PRIMARY KEY,
        code_id INTEGER NOT NULL REFERENCES codes(id),
        external_userid TEXT NOT NULL,
        member_userid TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('current', 'lost')),
        added_at INTEGER NOT NULL,
        last_added_at INTEGER NOT NULL,
        lost_at INTEGER,
        lost_reason TEXT CHECK (lost_reason IN ('customer_deleted_member', 'member_deleted_customer')),
        UNIQUE (code_id, external_userid, member_userid)
      );

      CREATE TABLE sync_state (
        key TEXT PRIMARY KEY,
        value TEXT
      ) WITHOUT ROWID;
    `)
  },
}
