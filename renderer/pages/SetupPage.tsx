// 设置: which workspace is in use (sandbox or a corp), the connection form, what to paste into the WeCom
// admin console, the check, the step-by-step guide and the default welcome message.

import { useState } from 'react'
import Alert from '@mui/material/Alert'
import Box from '@mui/material/Box'
import Button from '@mui/material/Button'
import Chip from '@mui/material/Chip'
import CircularProgress from '@mui/material/CircularProgress'
import Skeleton from '@mui/material/Skeleton'
import Typography from '@mui/material/Typography'
import type { CheckResult } from '../../common/domain'
import { CallbackInfo } from '../components/CallbackInfo'
import { CheckResults } from '../components/CheckResults'
import { ConfirmDialog } from '../components/ConfirmDialog'
import { CredentialsForm } from '../components/CredentialsForm'
import { DefaultWelcomeCard } from '../components/DefaultWelcomeCard'
import { MembersCard } from '../components/MembersCard'
import { IdentityCard } from '../components/registry/IdentityCard'
import { RelayKeysCard } from '../components/registry/RelayKeysCard'
import { MemberSchedulesCard } from '../components/MemberSchedulesCard'
import { SectionCard } from '../components/SectionCard'
import { SecretStorageNotice } from '../components/SecretStorageNotice'
import { SetupGuide } from '../components/SetupGuide'
import { useApi } from '../hooks/api-context'
import { useNotify } from '../hooks/notify-context'
import { useWorkspace } from '../hooks/workspace-context'
import { errorMessage } from '../lib/errors'
import { useQuery } from '../hooks/useQuery'

export function SetupPage() {
  const api = useApi()
  const notify = useNotify()
  const { workspace, setWorkspace } = useWorkspace()
  const [check, setCheck] = useState<CheckResult | null>(null)
  const [checking, setChecking] = useState(false)
  const [confirmSandbox, setConfirmSandbox] = useState(false)
  const [confirmReset, setConfirmReset] = useState(false)
  const info = useQuery(() => api.getAppInfo({}), 'info')

  if (!workspace) {
    return (
      <Box sx={{ maxWidth: 1280, mx: 'auto' }}>
        <Skeleton height={120} />
        <Skeleton height={400} />
      </Box>
    )
  }
  const sandbox = workspace.kind === 'sandbox'

  const runCheck = async () => {
    setChecking(true)
    try {
      setCheck(await api.checkWorkspace({}))
    } catch (err) {
      notify(errorMessage(err), { severity: 'error' })
    } finally {
      setChecking(false)
    }
  }

  const switchToSandbox = async () => {
    const next = await api.switchToSandbox({})
    setWorkspace(next)
    setCheck(null)
    notify('已切换到沙盒演示企业', { severity: 'success' })
  }

  const resetSandbox = async () => {
    const next = await api.resetSandbox({})
    setWorkspace(next)
    setCheck(null)
    notify('沙盒已重置', { severity: 'success' })
  }

  return (
    <Box sx={{ maxWidth: 1280, mx: 'auto', display: 'grid', gap: 2.5 }}>
      <Box sx={{ display: 'flex', alignItems: 'baseline', gap: 1.5 }}>
        <Typography variant="h5">设置</Typography>
        <Typography variant="body2" sx={{ color: 'text.secondary' }}>
          连接企业微信、配置回调并检查，一次设置好即可长期使用
        </Typography>
      </Box>

      <SectionCard
        title="当前工作区"
        action={
          <Button
            variant="outlined"
            onClick={() => (sandbox ? setConfirmReset(true) : setConfirmSandbox(true))}
          >
            {sandbox ? '重置沙盒' : '使用沙盒'}
          </Button>
        }
      >
        <Box sx={{ display: 'flex', alignItems: 'center', gap: 1.5, flexWrap: 'wrap' }}>
          {sandbox ? (
            <>
              <Chip color="warning" label="沙盒" size="small" />
              <Typography variant="body2">
                正在使用内置的企业微信模拟器（演示企业）。可以随意新建活码、模拟扫码，不会影响真实企业。准备好后，在下方填写企业信息连接真实企业微信。
              </Typography>
            </>
          ) : (
            <>
              <Chip color="primary" label="企业微信" size="small" />
              <Typography variant="body2">
                {workspace.corpName || '未命名企业'}（企业ID：{workspace.corpId}）· 时区 {workspace.timeZone}
              </Typography>
            </>
          )}
        </Box>
        {workspace.secretStorage !== 'os-encrypted' && !sandbox && (
          <Alert severity="warning" sx={{ mt: 2 }}>
            {workspace.secretStorage === 'unavailable'
              ? '这台电脑无法安全保存 Secret：请在系统中启用钥匙串/密钥环后重启活码助手。'
              : '本企业的 Secret 以明文文件（secrets.dev.json）保存在本机，没有加密。请勿在公用电脑上使用，建议改用桌面版。'}
          </Alert>
        )}
      </SectionCard>

      <Box
        sx={{
          display: 'grid',
          gridTemplateColumns: { xs: '1fr', lg: '7fr 5fr' },
          gap: 2.5,
          alignItems: 'start',
        }}
      >
        <Box sx={{ display: 'grid', gap: 2.5 }}>
          <SectionCard
            id="connect"
            title="连接企业微信"
            subtitle={
              workspace.secretStorage === 'os-encrypted'
                ? 'Secret 和密钥只保存在本机，用系统钥匙串加密存放'
                : 'Secret 和密钥只保存在本机；保存方式见下方说明'
            }
          >
            <Box sx={{ mb: workspace.secretStorage === 'os-encrypted' ? 0 : 2 }}>
              <SecretStorageNotice storage={workspace.secretStorage} workspaceDir={info.data?.workspaceDir} />
            </Box>
            <CredentialsForm
              key={`${workspace.kind}:${workspace.corpId}`}
              workspace={workspace}
              onConnected={(result) => {
                setCheck(result)
                void api.getWorkspace({}).then(setWorkspace, () => {})
                notify(result.ok ? '已连接企业微信' : '已保存，但有检查项未通过', {
                  severity: result.ok ? 'success' : 'warning',
                })
              }}
            />
          </SectionCard>

          <SectionCard
            id="callback"
            title="接收事件的回调配置"
            subtitle="自建应用：应用管理 › 该应用 › 接收消息 › 设置API接收；旧的客户联系 Secret：客户联系 › 客户 › API › 接收事件服务器"
          >
            {sandbox && (
              <Alert severity="info" sx={{ mb: 2 }}>
                沙盒里的模拟企业微信已经自动使用这些值，无需粘贴。
              </Alert>
            )}
            <CallbackInfo workspace={workspace} />
          </SectionCard>

          <SectionCard
            id="check"
            title="检查连接"
            subtitle="确认 Secret 可用、有客户联系权限、中转服务可访问并已配置本企业"
            action={
              <Button
                variant="contained"
                onClick={() => void runCheck()}
                disabled={checking}
                startIcon={checking ? <CircularProgress size={16} color="inherit" /> : undefined}
              >
                {checking ? '检查中…' : '检查连接'}
              </Button>
            }
          >
            {check ? (
              <CheckResults result={check} secretStorage={workspace.secretStorage} />
            ) : (
              <Typography variant="body2" sx={{ color: 'text.secondary' }}>
                还没有检查。配置好回调后点“检查连接”。
              </Typography>
            )}
          </SectionCard>
        </Box>

        <SectionCard id="guide" title="前期准备" subtitle="管理员在企业微信管理后台完成以下步骤">
          <SetupGuide />
        </SectionCard>
      </Box>

      <SectionCard
        id="identity"
        title="我是谁"
        subtitle="你新建的活码以这个名字作为创建人，显示在列表、创建人筛选和导出中"
      >
        <IdentityCard />
      </SectionCard>

      <SectionCard
        id="relay-keys"
        title="各电脑的密钥"
        subtitle="企业管理员为每位管理员的电脑发放各自的密钥：谁在用、最近使用时间，可随时吊销"
      >
        <RelayKeysCard />
      </SectionCard>

      <SectionCard
        id="welcome"
        title="默认欢迎语"
        subtitle="活码的“设置欢迎语”选择“默认欢迎语”时发送这里的内容"
      >
        <DefaultWelcomeCard
          key={JSON.stringify(workspace.defaultWelcome).length}
          workspace={workspace}
          onSaved={setWorkspace}
        />
      </SectionCard>

      <SectionCard
        id="members"
        title="使用人员"
        subtitle="企业微信中开通了客户联系的成员可放到活码上；在这里可以把某位成员从本应用中停用"
      >
        <MembersCard />
      </SectionCard>

      <SectionCard
        id="member-schedules"
        title="成员排班"
        subtitle="智能分配按这里的排班、例外日期和每日上限（所有活码合计）决定成员能否接待新客户"
      >
        <MemberSchedulesCard />
      </SectionCard>

      <ConfirmDialog
        open={confirmSandbox}
        title="切换到沙盒？"
        confirmLabel="使用沙盒"
        onConfirm={switchToSandbox}
        onClose={() => setConfirmSandbox(false)}
      >
        <Typography variant="body2">
          切换后显示的是演示企业的数据。真实企业的连接信息和数据会保留，随时可以在本页重新连接。
        </Typography>
      </ConfirmDialog>
      <ConfirmDialog
        open={confirmReset}
        title="重置沙盒？"
        confirmLabel="重置沙盒"
        danger
        onConfirm={resetSandbox}
        onClose={() => setConfirmReset(false)}
      >
        <Typography variant="body2" sx={{ mb: 1 }}>
          将删除沙盒中的全部活码、客户和历史统计，模拟企业和中转服务也恢复到初始状态。
        </Typography>
        <Typography variant="body2" sx={{ color: 'text.secondary' }}>
          此操作无法撤销。真实企业的连接信息和数据不受影响。
        </Typography>
      </ConfirmDialog>
    </Box>
  )
}
