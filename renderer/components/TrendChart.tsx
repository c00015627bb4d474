// Daily new vs lost customers of a code (getCodeStats.daily) as a line chart.

import Box from '@mui/material/Box'
import Typography from '@mui/material/Typography'
import { LineChart } from '@mui/x-charts/LineChart'
import type { DailyCount } from '../../common/domain'

export function TrendChart({ daily }: { daily: DailyCount[] }) {
  if (!daily.length) {
    return (
      <Box sx={{ height: 200, display: 'grid', placeItems: 'center', color: 'text.secondary' }}>
        <Typography variant="body2">还没有客户通过这个活码添加，趋势会在有数据后显示。</Typography>
      </Box>
    )
  }
  const dates = daily.map((d) => d.date.slice(5))
  return (
    <LineChart
      height={260}
      margin={{ left: 8, right: 16, top: 16, bottom: 4 }}
      xAxis={[{ scaleType: 'point', data: dates, height: 28 }]}
      yAxis={[{ tickMinStep: 1, width: 36 }]}
      series={[
        {
          data: daily.map((d) => d.added),
          label: '新增客户',
          color: '#1f6feb',
          curve: 'linear',
          showMark: daily.length < 20,
        },
        {
          data: daily.map((d) => d.lost),
          label: '流失客户',
          color: '#d93026',
          curve: 'linear',
          showMark: daily.length < 20,
        },
      ]}
      grid={{ horizontal: true }}
    />
  )
}
