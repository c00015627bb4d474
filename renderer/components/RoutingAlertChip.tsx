// 路由告警 beside a code's name: smart routing found nobody who may take its adds and kept the last
// members; the tooltip says why (schedules, caps, departures), the 路由记录 tab shows the history.

import Chip from '@mui/material/Chip'
import Tooltip from '@mui/material/Tooltip'

export function RoutingAlertChip({ alert }: { alert: string | undefined }) {
  if (!alert) return null
  return (
    <Tooltip title={alert}>
      <Chip
        label="路由告警"
        size="small"
        color="error"
        sx={{ height: 20, mt: 0.25 }}
        data-testid="routing-alert"
      />
    </Tooltip>
  )
}
