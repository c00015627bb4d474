// One customer's 欢迎语 outcome in the customer list: a small chip, with the reason in a tooltip when
// it did not go out (the relay was down, WeCom gave no welcome code, …). The tags have their own
// column (TagsCell).

import Box from '@mui/material/Box'
import Chip from '@mui/material/Chip'
import Tooltip from '@mui/material/Tooltip'
import { WELCOME_LABELS } from '../../common/delivery-labels'
import type { CodeCustomer } from '../../common/domain'

export function WelcomeChip({ customer }: { customer: CodeCustomer }) {
  const outcome = WELCOME_LABELS[customer.welcome]
  if (!outcome)
    return (
      <Box component="span" sx={{ color: 'text.disabled' }}>
        —
      </Box>
    )
  const chip = <Chip size="small" variant="outlined" color={outcome.tone} label={outcome.label} />
  return customer.welcomeNote ? <Tooltip title={customer.welcomeNote}>{chip}</Tooltip> : chip
}
