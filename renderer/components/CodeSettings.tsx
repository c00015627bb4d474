// A code's settings as the seed's statistics page lists them: 渠道名称, 活码链接, 预设标签, 创建人, 创建时间,
// 最后一次编辑时间, 欢迎语 mode, 欢迎语1, 欢迎语2 — plus members, auto-accept and the QRs it no longer uses.

import type { ReactNode } from 'react'
import Box from '@mui/material/Box'
import Typography from '@mui/material/Typography'
import type { Code, Member, TagGroup, WelcomeMode, Workspace } from '../../common/domain'
import { formatDateTime } from '../lib/format'
import { memberName } from '../lib/members'
import { scheduleSummary } from '../lib/schedule-ops'
import { CopyButton } from './CopyButton'
import { TagChips } from './TagChips'
import { WelcomePreview } from './WelcomePreview'

const WELCOME_MODE: Record<WelcomeMode, string> = {
  own: '渠道欢迎语',
  default: '默认欢迎语',
  none: '不发送欢迎语',
}

interface Props {
  code: Code
  groups: TagGroup[]
  members: Member[]
  workspace: Workspace | null
}

export function CodeSettings({ code, groups, members, workspace }: Props) {
  const content =
    code.welcome.mode === 'own'
      ? code.welcome
      : code.welcome.mode === 'default' && workspace
        ? workspace.defaultWelcome
        : { text: '', attachment: null }
  const attachment = content.attachment
  return (
    <Box
      component="dl"
      sx={{ m: 0, display: 'grid', gridTemplateColumns: '128px 1fr', rowGap: 1.5, columnGap: 2 }}
    >
      <Item label="渠道名称">{code.name}</Item>
      <Item label="活码链接">
        <Box sx={{ display: 'flex', alignItems: 'center', gap: 0.5, minWidth: 0 }}>
          <Typography
            variant="body2"
            sx={{ fontFamily: 'monospace', fontSize: 12.5, wordBreak: 'break-all' }}
          >
            {code.qrUrl}
          </Typography>
          <CopyButton text={code.qrUrl} what="活码链接" />
        </Box>
      </Item>
      {code.qrHistory.length > 0 && (
        <Item label="已停用的二维码">
          <Box component="ul" sx={{ m: 0, pl: 2 }} data-testid="qr-history">
            {code.qrHistory.map((old) => (
              <li key={old.configId}>
                <Typography variant="body2" component="span" sx={{ color: 'text.secondary' }}>
                  {formatDateTime(old.replacedAt)} 起停用（已印出的这张二维码不再添加员工）：
                </Typography>
                <Typography
                  variant="body2"
                  component="span"
                  sx={{ fontFamily: 'monospace', fontSize: 12.5, wordBreak: 'break-all' }}
                >
                  {old.qrUrl}
                </Typography>
              </li>
            ))}
          </Box>
        </Item>
      )}
      <Item label="使用人员">{code.memberUserids.map((u) => memberName(u, members)).join('、') || '—'}</Item>
      <Item label="预设标签">
        <TagChips tagIds={code.tagIds} groups={groups} max={20} />
      </Item>
      <Item label="创建人">{code.creator || '—'}</Item>
      <Item label="创建时间">{formatDateTime(code.createdAt)}</Item>
      <Item label="最后一次编辑时间">{formatDateTime(code.updatedAt)}</Item>
      <Item label="自动通过好友">
        {code.autoAccept.mode === 'on'
          ? '全天开启'
          : code.autoAccept.mode === 'off'
            ? '全天关闭'
            : `定时开启：${scheduleSummary(code.autoAccept.windows) || '未设置时段'}`}
        {code.autoAcceptIssue && (
          <Typography variant="body2" component="span" sx={{ display: 'block', color: 'error.main' }}>
            {code.autoAcceptIssue}
          </Typography>
        )}
      </Item>
      <Item label="欢迎语">{WELCOME_MODE[code.welcome.mode]}</Item>
      {code.welcome.mode !== 'none' && (
        <>
          <Item label="欢迎语1">
            <Box component="span" sx={{ whiteSpace: 'pre-wrap' }}>
              {content.text.trim() || '无'}
            </Box>
          </Item>
          <Item label="欢迎语2">
            {attachment ? <WelcomePreview content={{ text: '', attachment }} /> : '无'}
          </Item>
        </>
      )}
    </Box>
  )
}

function Item({ label, children }: { label: string; children: ReactNode }) {
  return (
    <>
      <Typography component="dt" variant="body2" sx={{ color: 'text.secondary', textAlign: 'right' }}>
        {label}:
      </Typography>
      <Typography component="dd" variant="body2" sx={{ m: 0, minWidth: 0 }}>
        {children}
      </Typography>
    </>
  )
}
