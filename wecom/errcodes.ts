// errcode → what the manager should read and do. Sources: WECOM.md's table (go-workwx errcodes,
// doc 90313). Anything not listed falls back to WeCom's own errmsg with the code.

const MESSAGES: Record<number, string> = {
  [-1]: '企业微信系统繁忙，请稍后重试',
  40001: 'Secret 不正确或应用已停用：请在 应用管理 › 自建应用 中复制正确的 Secret',
  40013: '企业ID 不正确：请在 我的企业 › 企业信息 最下方复制企业ID',
  40014: '访问凭证无效，正在重新获取，请重试',
  41001: '缺少访问凭证，请重试',
  42001: '访问凭证已过期，请重试',
  40058: '提交给企业微信的参数不合法（长度或数量超限），请检查后重试',
  40096: '客户ID 无效',
  40098: '所选成员尚未实名认证，请让成员在企业微信完成实名后再添加',
  41054: '所选成员尚未激活企业微信，请让成员先登录激活',
  41041: '一个活码最多 100 名使用人员（含部门展开后），请减少人员',
  41044: '企业微信中已不存在这个活码',
  41045: '企业的联系我/加入群聊方式已达 50 万上限，请先删除不用的活码',
  41050: '欢迎语发送码已失效（超过 20 秒或已使用）',
  41051: '客户和成员已经聊过天，或其他应用已发送欢迎语',
  41053: '客户未同意聊天存档，无法发送欢迎语',
  41064: '欢迎语附件最多 9 个',
  41096: '欢迎语正在发送中',
  45009: '调用企业微信过于频繁，已自动降速，请稍后重试',
  45033: '同时调用企业微信的请求过多，已自动降低并发，请稍后重试',
  48002: '该应用没有客户联系接口权限：请在 客户联系 › 客户 › API › 可调用接口的应用 中加入此应用',
  60011: '成员或部门不在应用的可见范围内：请在应用的可见范围中加入他们',
  60111: '成员已离职或不存在：请编辑活码，换掉这名使用人员',
  60020: '本机 IP 不在应用的企业可信 IP 中：请在 应用管理 › 自建应用 › 企业可信IP 添加后约 1 分钟再试',
  84061: '该成员与该客户之间还没有好友关系（免验证添加的客户需成员确认后才算好友）',
  84074: '没有客户联系权限：请在 客户联系 › 权限配置 中为成员开通',
  301002: '该凭证无权操作此应用，请检查 Secret 是否属于正确的应用',
}

export function wecomErrorMessage(errcode: number, errmsg = ''): string {
  return MESSAGES[errcode] ?? `企业微信返回错误 ${errcode}${errmsg ? `：${errmsg}` : ''}`
}

export const TOKEN_ERRCODES: ReadonlySet<number> = new Set([40014, 42001, 41001])
/** Welcome errors that will never succeed or are already done: record them, never retry. */
export const FINAL_WELCOME_ERRCODES: ReadonlySet<number> = new Set([41050, 41051, 41053, 41096, 41064])
export const RETRYABLE_ERRCODES: ReadonlySet<number> = new Set([-1, 45009, 45033])
