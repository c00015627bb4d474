// 前期准备: the steps in the WeCom admin console, from the seed manual and WECOM.md, in order. Where
// the callback goes depends on the secret: a self-built app's own 接收消息 › 设置API接收 first (every corp
// created since 2023-12-01), the legacy 客户联系 › API › 接收事件服务器 second (doc 92130).

import type { ReactNode } from 'react'
import Box from '@mui/material/Box'
import Typography from '@mui/material/Typography'

const STEPS: { title: string; body: ReactNode }[] = [
  {
    title: '部署中转服务',
    body: '请 IT 同事把中转服务部署在企业微信能访问到的 HTTPS 地址上，记下它的地址和给本机使用的密钥。它负责接收企业微信的回调，即使所有电脑都关机，也能及时发送欢迎语、打标签。',
  },
  {
    title: '准备自建应用的 Secret',
    body: (
      <>
        管理员登录企业微信管理后台，打开 <b>应用管理 › 自建应用</b>，创建或选择一个应用，复制它的{' '}
        <b>Secret</b>。 注意：2023 年 12 月 1 日之后创建的企业，不能再使用旧的“客户联系”系统
        Secret，必须用自建应用的 Secret。
      </>
    ),
  },
  {
    title: '允许该应用调用客户联系接口',
    body: (
      <>
        打开 <b>客户联系 › 客户 › API › 可调用接口的应用</b>，把上一步的应用加进去。否则企业微信会返回
        48002（接口无权限）。
      </>
    ),
  },
  {
    title: '添加企业可信 IP',
    body: (
      <>
        在该应用的 <b>企业可信IP</b> 中添加运行本软件的电脑和中转服务器的公网 IP。否则会出现 errcode 60020（IP
        不在白名单），添加后约 1 分钟生效。
      </>
    ),
  },
  {
    title: '复制企业ID',
    body: (
      <>
        在 <b>我的企业 › 企业信息</b> 页面最下方找到 <b>企业ID</b>（ww 开头），点“复制企业id”。
      </>
    ),
  },
  {
    title: '在本页填写并连接',
    body: '把企业ID、Secret、中转服务地址和密钥填入左侧表单，点“保存并连接”。',
  },
  {
    title: '配置接收事件的回调',
    body: (
      <>
        回调 URL 是中转服务地址 + /callback/customerEvent/ + 企业ID，Token 和 EncodingAESKey 见下方。
        <br />
        <b>使用自建应用的 Secret（2023 年 12 月 1 日之后创建的企业都是这种）：</b>打开{' '}
        <b>应用管理 › 应用 › 该自建应用 › 接收消息 › 设置API接收</b>，填入回调 URL、Token 和 EncodingAESKey
        后保存。该应用的其他消息和事件也会发到这个地址，中转服务都会正常应答。
        <br />
        <b>使用旧的“客户联系”系统 Secret：</b>打开 <b>客户联系 › 客户 › API › 接收事件服务器</b>
        ，填入同样的三项，勾选“外部联系人变更回调”后保存。
        <br />
        保存时企业微信会立即校验该地址；中转服务两种方式都能通过。
      </>
    ),
  },
  {
    title: '检查',
    body: '点“检查连接”，确认每一项都打上 ✓。之后就可以去“企业微信活码”新建活码了。',
  },
]

export function SetupGuide() {
  return (
    <Box component="ol" sx={{ listStyle: 'none', p: 0, m: 0 }}>
      {STEPS.map((step, i) => (
        <Box component="li" key={step.title} sx={{ display: 'flex', gap: 1.5, pb: 2, position: 'relative' }}>
          <Box sx={{ display: 'flex', flexDirection: 'column', alignItems: 'center' }}>
            <Box
              sx={{
                width: 24,
                height: 24,
                borderRadius: '50%',
                bgcolor: 'primary.main',
                color: '#fff',
                fontSize: 13,
                fontWeight: 600,
                display: 'grid',
                placeItems: 'center',
                flexShrink: 0,
              }}
            >
              {i + 1}
            </Box>
            {i < STEPS.length - 1 && <Box sx={{ flex: 1, width: '1px', bgcolor: 'divider', mt: 0.5 }} />}
          </Box>
          <Box sx={{ pb: 0.5 }}>
            <Typography variant="body2" sx={{ fontWeight: 600, mb: 0.25 }}>
              {step.title}
            </Typography>
            <Typography variant="body2" sx={{ color: 'text.secondary', lineHeight: 1.7 }}>
              {step.body}
            </Typography>
          </Box>
        </Box>
      ))}
    </Box>
  )
}
