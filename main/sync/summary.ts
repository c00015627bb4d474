// What a sync run updated, in the words the manager reads under the sync button — also after a
// partial run, so "WeCom was down" never hides that the relay's events did arrive.

export interface RunCounts {
  events: number
  members: number
  imported: number
  qrCached: number
  customers: number
  added: number
  lost: number
  handedOver: number
  repaired: number
}

export function summarize(c: RunCounts, reached: { relay: boolean; wecom: boolean }): string | null {
  const parts: string[] = []
  if (reached.relay) parts.push(`客户事件 ${c.events} 条`)
  if (reached.wecom) {
    parts.push(`成员 ${c.members} 位`, `核对客户 ${c.customers} 位`)
    if (c.added > 0) parts.push(`补记添加 ${c.added} 条`)
    if (c.lost > 0) parts.push(`补记流失 ${c.lost} 条`)
    if (c.handedOver > 0) parts.push(`客户转接 ${c.handedOver} 位`)
    if (c.imported > 0) parts.push(`导入活码 ${c.imported} 个`)
    if (c.qrCached > 0) parts.push(`缓存二维码 ${c.qrCached} 个`)
    if (c.repaired > 0) parts.push(`补打标签 ${c.repaired} 位`)
  }
  return parts.length ? `已更新：${parts.join('，')}` : null
}
