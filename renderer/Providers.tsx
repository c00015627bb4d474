// Everything a screen needs around it: the bridge client, MUI theme + zh-CN locale, date pickers in
// zh-cn, and the snackbar. Tests render screens inside this with an in-memory Api.

import type { ReactNode } from 'react'
import CssBaseline from '@mui/material/CssBaseline'
import { ThemeProvider } from '@mui/material/styles'
import { LocalizationProvider } from '@mui/x-date-pickers/LocalizationProvider'
import { AdapterDayjs } from '@mui/x-date-pickers/AdapterDayjs'
import { zhCN as pickersZhCN } from '@mui/x-date-pickers/locales'
import dayjs from 'dayjs'
import 'dayjs/locale/zh-cn'
import type { Api } from '../common/contract'
import { ApiContext } from './hooks/api-context'
import { Notifier } from './components/Notifier'
import { theme } from './theme'

dayjs.locale('zh-cn')

// MUI's Chinese texts, without the keys it leaves undefined (exactOptionalPropertyTypes).
const pickerLocaleText = Object.fromEntries(
  Object.entries(pickersZhCN.components.MuiLocalizationProvider.defaultProps.localeText).filter(
    ([, text]) => text !== undefined,
  ),
)

export function Providers({ api, children }: { api: Api; children: ReactNode }) {
  return (
    <ApiContext value={api}>
      <ThemeProvider theme={theme}>
        <CssBaseline />
        <LocalizationProvider dateAdapter={AdapterDayjs} adapterLocale="zh-cn" localeText={pickerLocaleText}>
          <Notifier>{children}</Notifier>
        </LocalizationProvider>
      </ThemeProvider>
    </ApiContext>
  )
}
