// The app's MUI theme: a calm WeCom-like blue, Chinese font stack, compact tables, zh-CN locale texts.

import { createTheme } from '@mui/material/styles'
import { zhCN } from '@mui/material/locale'

export const FONT_STACK = [
  "'PingFang SC'",
  "'Microsoft YaHei'",
  "'Noto Sans CJK SC'",
  "'Noto Sans SC'",
  "'Helvetica Neue'",
  'Arial',
  'sans-serif',
].join(',')

export const theme = createTheme(
  {
    palette: {
      primary: { main: '#1f6feb', dark: '#1557c0', light: '#e8f1fe' },
      secondary: { main: '#07c160' },
      success: { main: '#12a150' },
      error: { main: '#d93026' },
      warning: { main: '#e08a00' },
      background: { default: '#f4f6f9', paper: '#ffffff' },
      text: { primary: '#1f2329', secondary: '#646a73' },
      divider: '#e5e8ed',
    },
    shape: { borderRadius: 8 },
    typography: {
      fontFamily: FONT_STACK,
      fontSize: 14,
      h5: { fontWeight: 600, fontSize: '1.25rem' },
      h6: { fontWeight: 600, fontSize: '1.05rem' },
      subtitle1: { fontWeight: 600 },
      button: { textTransform: 'none', fontWeight: 500 },
    },
    components: {
      MuiButton: { defaultProps: { disableElevation: true } },
      MuiPaper: { styleOverrides: { rounded: { borderRadius: 10 } } },
      MuiTableCell: {
        styleOverrides: {
          head: { fontWeight: 600, color: '#1f2329', backgroundColor: '#f7f8fa', whiteSpace: 'nowrap' },
          root: { borderColor: '#edf0f3' },
        },
      },
      MuiTooltip: { defaultProps: { arrow: true } },
      MuiChip: { styleOverrides: { root: { fontWeight: 500 } } },
      MuiTextField: { defaultProps: { size: 'small' } },
      MuiSelect: { defaultProps: { size: 'small' } },
    },
  },
  zhCN,
)
