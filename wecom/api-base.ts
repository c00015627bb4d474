// WeCom's public API host: the one place it is written. 企业微信私有化 deployments (and the simulator)
// are reached by giving a client another apiBase.
export const WECOM_API_BASE = 'https://qyapi.weixin.qq.com'
