// Paging like the seed: "共 N 条记录", page numbers, and 10/20/50/100 条/页.

import Box from '@mui/material/Box'
import MenuItem from '@mui/material/MenuItem'
import Pagination from '@mui/material/Pagination'
import Select from '@mui/material/Select'
import Typography from '@mui/material/Typography'
import { PAGE_SIZES } from '../../common/limits'

type PageSize = (typeof PAGE_SIZES)[number]

interface Props {
  total: number
  page: number
  pageSize: PageSize
  onPage: (page: number) => void
  onPageSize: (size: PageSize) => void
}

export function PagingBar({ total, page, pageSize, onPage, onPageSize }: Props) {
  const pages = Math.max(1, Math.ceil(total / pageSize))
  return (
    <Box
      sx={{
        display: 'flex',
        alignItems: 'center',
        justifyContent: 'flex-end',
        gap: 2,
        px: 2,
        py: 1.25,
        borderTop: '1px solid',
        borderColor: 'divider',
      }}
    >
      <Typography variant="body2" sx={{ color: 'text.secondary' }}>
        共 {total} 条记录
      </Typography>
      <Pagination
        count={pages}
        page={Math.min(page, pages)}
        onChange={(_, p) => onPage(p)}
        shape="rounded"
        size="small"
        color="primary"
      />
      <Select
        size="small"
        value={pageSize}
        onChange={(e) => onPageSize(Number(e.target.value) as PageSize)}
        inputProps={{ 'aria-label': '每页条数' }}
        sx={{ fontSize: 14, '& .MuiSelect-select': { py: 0.5 } }}
      >
        {PAGE_SIZES.map((size) => (
          <MenuItem key={size} value={size}>
            {size} 条/页
          </MenuItem>
        ))}
      </Select>
    </Box>
  )
}
