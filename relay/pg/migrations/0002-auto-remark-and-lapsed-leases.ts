// Step 2: what the hot paths read without parsing JSON or walking every running job.
// - policies.auto_remark: whether the code writes an auto remark (issue 17), kept beside the policy's
//   JSON so the ingest decides on a remark job inside its commit without parsing a policy that
//   carries a base64 image. Existing rows are filled from their JSON.
// - jobs_lapsed: the running jobs by lease end, so claim() finds leases a dead instance left without
//   scanning the due index's running part.

import type { PgMigration } from './types'

export const autoRemarkAndLapsedLeases: PgMigration = {
  version: 2,
  name: 'auto remark flag and lapsed lease index',
  async up(client) {
    await client.query(`
ALTER TABLE policies ADD COLUMN auto_remark BOOLEAN NOT NULL DEFAULT false;
UPDATE policies SET auto_remark = COALESCE(jsonb_typeof(json::jsonb -> 'autoRemark') = 'object', false);
CREATE INDEX jobs_lapsed ON jobs (lease_until) WHERE status = 'running';
`)
  },
}
