// The form's issue-17 rows: the code's further 附件 (under 欢迎语2), placeholders for the code's own welcome with a preview as the customer
// sees it, 分时段欢迎语 and 自动备注. The preview is filled with a sample customer name, the first
// member's name and the code's name (its channel), through the relay's own common/welcome-text.ts.

import Box from '@mui/material/Box'
import Typography from '@mui/material/Typography'
import type { RichWelcome } from '../../common/rich-welcome'
import { fillPlaceholders, type PlaceholderValues } from '../../common/welcome-text'
import { useApi } from '../hooks/api-context'
import { useQuery } from '../hooks/useQuery'
import { useWorkspace } from '../hooks/workspace-context'
import type { FieldErrors } from '../lib/field-errors'
import { memberName } from '../lib/members'
import { AttachmentsEditor } from './AttachmentsEditor'
import { AttachmentsPreview } from './AttachmentsPreview'
import { AutoRemarkField } from './AutoRemarkField'
import { FormRow } from './FormRow'
import { errorUnder, PlaceholderButtons } from './PlaceholderButtons'
import { WelcomePreview } from './WelcomePreview'
import { WelcomeWindowsEditor } from './WelcomeWindowsEditor'

export const SAMPLE_CUSTOMER = '王小明'

interface Props {
  rich: RichWelcome
  onRich: (rich: RichWelcome) => void
  /** The code's own welcome text, when the code has one (mode 'own'). */
  text: string | null
  onText: (text: string) => void
  codeName: string
  memberUserids: string[]
  errors: FieldErrors
  /** 1 when 欢迎语2 holds an image or link: it goes first and counts against the 9. */
  attachmentsBefore?: number
}

export function RichWelcomeSection({
  rich,
  onRich,
  text,
  onText,
  codeName,
  memberUserids,
  errors,
  attachmentsBefore = 0,
}: Props) {
  const api = useApi()
  const { dataVersion } = useWorkspace()
  const members = useQuery(() => api.listMembers({}), `members:${dataVersion}`).data?.members ?? []
  const first = memberUserids[0]
  const sample: PlaceholderValues = {
    customerName: SAMPLE_CUSTOMER,
    memberName: first ? memberName(first, members) : '成员',
    channelName: codeName.trim() || '渠道名称',
  }
  return (
    <>
      {text !== null && (
        <FormRow label="附件">
          <AttachmentsEditor
            value={rich.welcomeAttachments ?? []}
            onChange={(welcomeAttachments) => onRich({ ...rich, welcomeAttachments })}
            alreadyUsed={attachmentsBefore}
            errors={errors}
            path="rich.welcomeAttachments"
          />
        </FormRow>
      )}
      {text !== null && (
        <FormRow label="欢迎语预览">
          <PlaceholderButtons label="欢迎语1" onInsert={(p) => onText(text + p)} />
          <Box data-testid="welcome-filled-preview" sx={{ mt: 1 }}>
            <WelcomePreview
              content={{ text: fillPlaceholders(text, sample), attachment: null }}
              emptyText="填写欢迎语后在这里预览"
            />
          </Box>
          <AttachmentsPreview list={rich.welcomeAttachments ?? []} />
          <Typography variant="caption" sx={{ color: 'text.secondary' }}>
            以客户「{SAMPLE_CUSTOMER}」为例；客户昵称取不到时该处留空
          </Typography>
        </FormRow>
      )}
      <FormRow label="分时段欢迎语">
        <WelcomeWindowsEditor
          value={rich.welcomeWindows ?? []}
          onChange={(welcomeWindows) => onRich({ ...rich, welcomeWindows })}
          sample={sample}
          errors={errors}
          error={windowsError(errors)}
        />
      </FormRow>
      <FormRow label="自动备注">
        <AutoRemarkField
          value={rich.autoRemark ?? null}
          onChange={(autoRemark) => onRich({ ...rich, autoRemark })}
          sample={sample}
          error={errorUnder(errors, 'rich.autoRemark')}
        />
      </FormRow>
    </>
  )
}

/** The windows' own problem: any under rich.welcomeWindows but their attachments' (the cards show those). */
function windowsError(errors: Record<string, string>): string | undefined {
  const key = Object.keys(errors).find(
    (k) =>
      (k === 'rich.welcomeWindows' || k.startsWith('rich.welcomeWindows.')) && !/\.attachments(\.|$)/.test(k),
  )
  return key ? errors[key] : undefined
}
