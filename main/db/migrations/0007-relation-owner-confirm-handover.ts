// Step 7: what real WeCom does to a relation besides add and loss (WECOM.md, facts added after the
// first release).
// - relations.owner_userid: who serves the customer now. member_userid stays who added them (the
//   relay's welcome and tag jobs are keyed on it); a 在职/离职继承 moves only the owner, so the
//   relation stays one row and the code's counts do not move.
// - relations.pending_confirm: a half-add (免验证) the member has not confirmed yet: counted, shown as
//   待成员确认, and never judged lost by reconcile (WeCom does not list the pair until confirmed).
// - relations.handover: 'pending' once the handover member got DELETE_BY_TRANSFER and the takeover is
//   not known yet; 'failed:<FailReason>' after transfer_fail. NULL otherwise.
// - relations.lost_source: who judged the loss ('event' or 'reconcile'), so a reconcile loss the
//   list later contradicts is undone rather than left standing.
// - relation_handovers: each move of a relation from one member to another.

import type { Migration } from './types'

export const relationOwnerConfirmHandover: Migration = {
  version: 7,
  name: 'relation owner, pending confirmation, handovers',
  up(db) {
    db.exec(`
      ALTER TABLE relations ADD COLUMN owner_userid TEXT NOT NULL DEFAULT '';
      UPDATE relations SET owner_userid = member_userid;
      ALTER TABLE relations ADD COLUMN pending_confirm INTEGER NOT NULL DEFAULT 0
        CHECK (pending_confirm IN (0, 1));
      ALTER TABLE relations ADD COLUMN handover TEXT;
      ALTER TABLE relations ADD COLUMN lost_source TEXT CHECK (lost_source IN ('event', 'reconcile'));
      UPDATE relations SET lost_source = (
          SELECT h.source FROM relation_history h WHERE h.relation_id = relations.id AND h.kind = 'lost'
          ORDER BY h.at DESC, h.id DESC LIMIT 1)
        WHERE status = 'lost';
      CREATE INDEX relations_owner ON relations(owner_userid, status, external_userid);
      CREATE INDEX relations_customer ON relations(external_userid, status);

      CREATE TABLE relation_handovers (
        id INTEGER PRIMARY KEY,
        relation_id INTEGER NOT NULL REFERENCES relations(id) ON DELETE CASCADE,
        from_userid TEXT NOT NULL,
        to_userid TEXT NOT NULL,
        at INTEGER NOT NULL,
        source TEXT NOT NULL CHECK (source IN ('event', 'reconcile'))
      );
      CREATE INDEX relation_handovers_relation ON relation_handovers(relation_id, at);
    `)
  },
}
