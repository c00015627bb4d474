// The auto remark of a new customer: once the relation is real (a half-add answers 84061 to both
// externalcontact/get and remark, and the runner then waits for the member's confirmation as it does
// for tags), the customer's name is read (or taken from the add's welcome, which just read it), the
// template filled (common/welcome-text.ts trims the name, never the channel) and written with
// externalcontact/remark.

import type { CodePolicy } from '../../common/relay-api'
import { fillRemark } from '../../common/welcome-text'
import type { WeComClient } from '../../wecom/types'
import type { NameSource } from './names'

export async function applyRemark(
  deps: { client: WeComClient; names: NameSource },
  policy: CodePolicy,
  job: { userid: string; externalUserid: string },
): Promise<{ status: 'done' | 'skipped'; detail?: string }> {
  const template = policy.autoRemark
  if (!template || (!template.remark.trim() && !template.description.trim())) return { status: 'skipped' }
  // The name the add's welcome just read, if it did (that read also proved the relation real);
  // otherwise asked here, not through the name budget: a failure (84061 above all) must reach the
  // runner's retry rules. A relation gone since answers the remark itself with its error.
  const customerName =
    deps.names.recentCustomerName(deps.client.corpId, job.externalUserid) ??
    (await deps.client.getExternalContact(job.externalUserid)).external_contact.name
  const needsMember = `${template.remark}${template.description}`.includes('{成员姓名}')
  const memberName = needsMember ? ((await deps.names.memberName(deps.client, job.userid, 5_000)) ?? '') : ''
  const filled = fillRemark(template, {
    customerName,
    memberName,
    channelName: policy.name,
  })
  await deps.client.remark({
    userid: job.userid,
    external_userid: job.externalUserid,
    ...(template.remark.trim() ? { remark: filled.remark } : {}),
    ...(template.description.trim() ? { description: filled.description } : {}),
  })
  const wrote = [
    filled.remark && `备注「${filled.remark}」`,
    filled.description && `描述「${filled.description}」`,
  ]
    .filter(Boolean)
    .join('，')
  return { status: 'done', detail: [wrote, filled.note].filter(Boolean).join('；') }
}
