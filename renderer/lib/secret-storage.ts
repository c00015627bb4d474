// How the open workspace keeps the corp secret and relay key, in the words the setup screen uses.

import type { Workspace } from '../../common/domain'

export type SecretStorage = Workspace['secretStorage']

export const SECRET_STORAGE_LABEL: Record<SecretStorage, string> = {
  'os-encrypted': '系统钥匙串加密',
  'file-fake': '明文文件',
  unavailable: '不可用',
}

/** The file the browser host writes them to (main/secrets/file-store.ts), inside the data folder. */
export function devSecretsFile(workspaceDir: string | undefined): string {
  if (!workspaceDir) return 'secrets.dev.json'
  const sep = workspaceDir.includes('\\') && !workspaceDir.includes('/') ? '\\' : '/'
  return `${workspaceDir.replace(/[\\/]+$/, '')}${sep}secrets.dev.json`
}
