// Navigation, new windows, webviews and permission requests are all refused in one place (Actual's
// security.ts, Mattermost's webContentEvents.ts). Links to http(s) open in the system browser.

import type { Session, WebContents } from 'electron'

export interface ShellLike {
  openExternal(url: string): Promise<void>
}

export function hardenWebContents(
  contents: WebContents,
  isAppUrl: (url: string) => boolean,
  shell: ShellLike,
) {
  contents.setWindowOpenHandler(({ url }) => {
    if (/^https:\/\//i.test(url)) void shell.openExternal(url)
    return { action: 'deny' }
  })
  contents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault()
  })
  contents.on('will-redirect', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault()
  })
  contents.on('will-attach-webview', (event) => event.preventDefault())
}

export function hardenSession(session: Session) {
  session.setPermissionRequestHandler((_contents, permission, callback) => {
    // Copying to the clipboard is the only permission the app uses.
    callback(permission === 'clipboard-sanitized-write')
  })
  session.setPermissionCheckHandler((_contents, permission) => permission === 'clipboard-sanitized-write')
}
