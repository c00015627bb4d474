// Step 9: deletes the manager can still undo. Deleting a code hides it at once (deleted_at is set),
// but its WeCom way and relay policy stay until due_at, so 撤销 can bring it back unchanged. The row
// is the promise that the delete will be carried out: it survives a restart inside the window, and a
// WeCom call that fails (offline) leaves it here to be retried; it goes only once WeCom confirmed.

import type { Migration } from './types'

export const pendingDeletes: Migration = {
  version: 9,
  name: 'pending deletes with an undo window',
  up(db) {
    db.exec(`
      CREATE TABLE pending_deletes (
        code_id INTEGER PRIMARY KEY REFERENCES codes(id),
        requested_at INTEGER NOT NULL,
        due_at INTEGER NOT NULL
      );
      CREATE INDEX pending_deletes_due ON pending_deletes(due_at);
    `)
  },
}
