// Said before a real corp's secret is typed in: where the app will keep it. In the desktop app that is
// the system keychain (safeStorage); in the browser host it is a plain owner-only file, which the
// manager must know before trusting it with a production secret.

import Alert from '@mui/material/Alert'
import AlertTitle from '@mui/material/AlertTitle'
import type { SecretStorage } from '../lib/secret-storage'
import { devSecretsFile } from '../lib/secret-storage'

export function SecretStorageNotice({
  storage,
  workspaceDir,
}: {
  storage: SecretStorage
  workspaceDir?: string | undefined
}) {
  if (storage === 'os-encrypted') return null
  if (storage === 'unavailable')
    return (
      <Alert severity="error" role="note" aria-label="Secret 的保存方式">
        <AlertTitle>这台电脑无法安全保存 Secret</AlertTitle>
        系统没有可用的钥匙串/密钥环，Secret
        和中转服务密钥不会被保存。请在系统中启用钥匙串（Linux：gnome-keyring 或 KWallet）后重启活码助手。
      </Alert>
    )
  return (
    <Alert severity="warning" role="note" aria-label="Secret 的保存方式">
      <AlertTitle>浏览器版：Secret 以明文文件保存</AlertTitle>
      在浏览器中使用时，Secret 和中转服务密钥会以<strong>明文</strong>写入本机文件{' '}
      <code style={{ wordBreak: 'break-all' }}>{devSecretsFile(workspaceDir)}</code>
      （只有当前系统用户可读，但没有加密，能读取这个文件的人或程序就能拿到 Secret）。连接真实企业前，建议改用
      <strong>桌面版</strong>（在项目目录运行 <code>npm start</code>），它用系统钥匙串加密保存。
    </Alert>
  )
}
