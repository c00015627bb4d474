// 新建活码 / 编辑活码: every field of the code with inline validation (the same zod schema the services
// use), server field errors mapped back onto fields, progress while saving, Enter to save, Esc to close.

import { RoutingSection } from './RoutingSection'
import { useRoutingDraft } from '../hooks/useRoutingDraft'
import { useEffect, useRef, useState, type FormEvent } from 'react'
import Alert from '@mui/material/Alert'
import Box from '@mui/material/Box'
import Button from '@mui/material/Button'
import CircularProgress from '@mui/material/CircularProgress'
import Divider from '@mui/material/Divider'
import Drawer from '@mui/material/Drawer'
import FormControlLabel from '@mui/material/FormControlLabel'
import IconButton from '@mui/material/IconButton'
import InputAdornment from '@mui/material/InputAdornment'
import Radio from '@mui/material/Radio'
import RadioGroup from '@mui/material/RadioGroup'
import Skeleton from '@mui/material/Skeleton'
import TextField from '@mui/material/TextField'
import Typography from '@mui/material/Typography'
import { BridgeError } from '../../common/bridge-result'
import type { AutoAcceptMode, Code, WelcomeMode } from '../../common/domain'
import { CODE_NAME_MAX } from '../../common/limits'
import { useApi } from '../hooks/api-context'
import { useWorkspace } from '../hooks/workspace-context'
import {
  CODE_FIELD_ORDER,
  emptyCodeForm,
  formFromCode,
  inputFromForm,
  isFormDirty,
  validateCodeForm,
  type CodeFormValues,
} from '../lib/code-form'
import { errorMessage } from '../lib/errors'
import { fieldDomId, firstErrorKey, normalizeFields, type FieldErrors } from '../lib/field-errors'
import { ConfirmDialog } from './ConfirmDialog'
import { FieldError, FormRow } from './FormRow'
import { CloseIcon, WarningIcon } from './icons'
import { MemberPicker } from './MemberPicker'
import { ScheduleEditor } from './ScheduleEditor'
import { TagPicker } from './TagPicker'
import { WelcomeEditor } from './WelcomeEditor'
import { WelcomePreview } from './WelcomePreview'
import { RichWelcomeSection } from './RichWelcomeSection'
import { welcomeFromDraft } from '../lib/welcome-draft'

interface Props {
  open: boolean
  /** null: create a new code. */
  codeId: number | null
  onClose: () => void
  onSaved: (mode: 'create' | 'edit', name: string, code: Code) => void
}

export function CodeFormDrawer({ open, codeId, onClose, onSaved }: Props) {
  const [confirmClose, setConfirmClose] = useState(false)
  const [dirty, setDirty] = useState(false)

  const requestClose = () => {
    if (dirty) setConfirmClose(true)
    else onClose()
  }

  return (
    <Drawer
      anchor="right"
      open={open}
      onClose={requestClose}
      slotProps={{ paper: { sx: { width: { xs: '100%', md: 780 } } } }}
    >
      {open && (
        <CodeForm
          key={codeId ?? 'new'}
          codeId={codeId}
          onCancel={requestClose}
          onDirty={setDirty}
          onSaved={(mode, name, code) => {
            setDirty(false)
            onSaved(mode, name, code)
            onClose()
          }}
        />
      )}
      <ConfirmDialog
        open={confirmClose}
        title="放弃修改？"
        confirmLabel="放弃修改"
        danger
        onConfirm={async () => {
          setDirty(false)
          onClose()
        }}
        onClose={() => setConfirmClose(false)}
      >
        <Typography variant="body2">表单里有尚未保存的内容，关闭后这些内容会丢失。</Typography>
      </ConfirmDialog>
    </Drawer>
  )
}

interface FormProps {
  codeId: number | null
  onCancel: () => void
  onDirty: (dirty: boolean) => void
  onSaved: (mode: 'create' | 'edit', name: string, code: Code) => void
}

export function CodeForm({ codeId, onCancel, onDirty, onSaved }: FormProps) {
  const api = useApi()
  const { workspace, sync } = useWorkspace()
  const wecomOffline = sync !== null && !sync.wecomOnline
  const [initial, setInitial] = useState<CodeFormValues | null>(codeId === null ? emptyCodeForm() : null)
  const [values, setValues] = useState<CodeFormValues>(emptyCodeForm)
  const [loadError, setLoadError] = useState<string | null>(null)
  const [submitted, setSubmitted] = useState(false)
  const [serverErrors, setServerErrors] = useState<FieldErrors>({})
  const [saveError, setSaveError] = useState<string | null>(null)
  const [saving, setSaving] = useState(false)
  /** Set when the edit needs a new QR (a single-member WeCom way growing): ask, then resend. */
  const [qrQuestion, setQrQuestion] = useState<string | null>(null)
  const formRef = useRef<HTMLFormElement>(null)
  const routing = useRoutingDraft(codeId)

  useEffect(() => {
    if (codeId === null) return
    let live = true
    api.getCode({ id: codeId }).then(
      (code) => {
        if (!live) return
        const loaded = formFromCode(code)
        setInitial(loaded)
        setValues(loaded)
      },
      (err: unknown) => live && setLoadError(errorMessage(err)),
    )
    return () => {
      live = false
    }
  }, [api, codeId])

  useEffect(() => {
    onDirty(initial !== null && isFormDirty(values, initial))
  }, [values, initial, onDirty])

  const clientErrors = submitted ? validateCodeForm(values) : {}
  const errors: FieldErrors = { ...serverErrors, ...clientErrors }

  const update = (patch: Partial<CodeFormValues>) => {
    setValues((v) => ({ ...v, ...patch }))
    setServerErrors({})
    setSaveError(null)
  }

  const focusField = (key: string | undefined) => {
    if (!key) return
    requestAnimationFrame(() => {
      const el = document.getElementById(fieldDomId(key))
      if (!el) return
      el.scrollIntoView?.({ block: 'center', behavior: 'smooth' })
      el.focus({ preventScroll: true })
    })
  }

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    if (saving) return
    setSubmitted(true)
    const found = validateCodeForm(values)
    if (Object.keys(found).length) {
      setSaveError('还有内容需要修改，请查看标红的项目')
      focusField(firstErrorKey(found, CODE_FIELD_ORDER))
      return
    }
    setSaving(true)
    setSaveError(null)
    try {
      const input = inputFromForm(values)
      const code =
        codeId === null ? await api.createCode(input) : await api.updateCode({ id: codeId, code: input })
      await routing.save(code.id, input.memberUserids)
      onSaved(codeId === null ? 'create' : 'edit', code.name, code)
    } catch (err) {
      if (err instanceof BridgeError && err.code === 'CONFIRM_REQUIRED') {
        setQrQuestion(err.message)
        return
      }
      setSaveError(errorMessage(err))
      if (err instanceof BridgeError && Object.keys(err.fields).length) {
        const mapped = normalizeFields(err.fields, 'code')
        setServerErrors(mapped)
        focusField(firstErrorKey(mapped, CODE_FIELD_ORDER))
      }
    } finally {
      setSaving(false)
    }
  }

  const replaceQr = async () => {
    if (codeId === null) return
    const code = await api.updateCode({ id: codeId, code: inputFromForm(values), replaceQr: true })
    onSaved('edit', code.name, code)
  }

  const title = codeId === null ? '新建活码' : '编辑活码'
  const nameLength = values.name.trim().length

  return (
    <Box
      component="form"
      ref={formRef}
      onSubmit={(e: FormEvent) => void submit(e)}
      noValidate
      aria-label={title}
      sx={{ display: 'flex', flexDirection: 'column', height: '100%' }}
    >
      <Box
        sx={{
          display: 'flex',
          alignItems: 'center',
          px: 3,
          py: 2,
          borderBottom: '1px solid',
          borderColor: 'divider',
        }}
      >
        <Box sx={{ flex: 1 }}>
          <Typography variant="caption" sx={{ color: 'text.secondary' }}>
            企业微信 / 企业微信活码 / {title}
          </Typography>
          <Typography variant="h6">{title}</Typography>
        </Box>
        <IconButton onClick={onCancel} aria-label="关闭">
          <CloseIcon />
        </IconButton>
      </Box>

      <Box sx={{ flex: 1, overflowY: 'auto', px: 3, py: 1.5 }}>
        {wecomOffline && (
          <Alert severity="warning" sx={{ mt: 1 }} data-testid="form-offline">
            当前连不上企业微信：可以先填写，但保存活码需要联网（活码要在企业微信中创建或修改）。恢复联网后再点保存即可，已填写的内容不会丢失。
          </Alert>
        )}
        {loadError ? (
          <Alert severity="error">{loadError}</Alert>
        ) : !initial ? (
          <Box sx={{ pt: 2 }}>
            {[0, 1, 2, 3, 4].map((i) => (
              <Skeleton key={i} height={56} />
            ))}
          </Box>
        ) : (
          <>
            <FormRow label="渠道活码名称" required htmlFor={fieldDomId('name')}>
              <TextField
                id={fieldDomId('name')}
                autoFocus={codeId === null}
                fullWidth
                placeholder="例如：门店海报-朝阳店"
                value={values.name}
                onChange={(e) => update({ name: e.target.value })}
                error={Boolean(errors.name)}
                helperText={errors.name ?? '用于区分渠道，同一工作区内不能重名'}
                slotProps={{
                  input: {
                    endAdornment: (
                      <InputAdornment position="end">
                        <Typography
                          variant="caption"
                          sx={{ color: nameLength > CODE_NAME_MAX ? 'error.main' : 'text.secondary' }}
                        >
                          {nameLength}/{CODE_NAME_MAX}
                        </Typography>
                      </InputAdornment>
                    ),
                  },
                }}
              />
            </FormRow>

            <FormRow
              label="使用人员"
              required
              hint="只能选择在企业微信有客户联系权限、已激活且在本应用启用的成员。"
            >
              <MemberPicker
                id={fieldDomId('memberUserids')}
                value={values.memberUserids}
                onChange={(memberUserids) => update({ memberUserids })}
                error={errors.memberUserids}
              />
            </FormRow>

            <FormRow label="预设标签">
              <TagPicker
                id={fieldDomId('tagIds')}
                value={values.tagIds}
                onChange={(tagIds) => update({ tagIds })}
                error={errors.tagIds}
              />
            </FormRow>

            <Divider sx={{ my: 1.5 }} />

            <FormRow label="设置欢迎语">
              <Alert
                severity="warning"
                icon={<WarningIcon fontSize="small" />}
                sx={{ py: 0, mb: 1, '& .MuiAlert-message': { fontSize: 13 } }}
              >
                注意：由于企业微信限制，若使用成员已经在【企业微信后台】配置了欢迎语，这里的欢迎语则不会生效
              </Alert>
              <RadioGroup
                row
                value={values.welcomeMode}
                onChange={(e) => update({ welcomeMode: e.target.value as WelcomeMode })}
                aria-label="设置欢迎语"
              >
                <FormControlLabel value="own" control={<Radio size="small" />} label="渠道欢迎语" />
                <FormControlLabel value="default" control={<Radio size="small" />} label="默认欢迎语" />
                <FormControlLabel value="none" control={<Radio size="small" />} label="不发送欢迎语" />
              </RadioGroup>
              <FieldError message={errors['welcome.mode']} />
            </FormRow>

            {values.welcomeMode === 'own' && (
              <WelcomeEditor
                value={values.welcome}
                onChange={(welcome) => update({ welcome })}
                errors={errors}
              />
            )}
            {values.welcomeMode === 'default' && (
              <FormRow label="默认欢迎语">
                {workspace ? (
                  <WelcomePreview
                    content={workspace.defaultWelcome}
                    emptyText="还没有设置默认欢迎语，可在“设置”页填写。"
                  />
                ) : (
                  <Skeleton height={60} />
                )}
              </FormRow>
            )}
            {values.welcomeMode === 'none' && (
              <FormRow label="欢迎语">
                <Typography variant="body2" sx={{ color: 'text.secondary', pt: 1 }}>
                  客户添加后不发送欢迎语。
                </Typography>
              </FormRow>
            )}
            {values.welcomeMode !== 'none' && (
              <RichWelcomeSection
                rich={values.rich}
                onRich={(rich) => update({ rich })}
                text={values.welcomeMode === 'own' ? values.welcome.text : null}
                onText={(text) => update({ welcome: { ...values.welcome, text } })}
                codeName={values.name}
                memberUserids={values.memberUserids}
                errors={errors}
                attachmentsBefore={welcomeFromDraft(values.welcome).attachment ? 1 : 0}
              />
            )}

            <Divider sx={{ my: 1.5 }} />

            <FormRow
              label="自动通过好友"
              hint={
                values.autoAccept.mode === 'off'
                  ? '客户扫码后需要员工在企业微信里手动通过好友申请。'
                  : values.autoAccept.mode === 'on'
                    ? '客户扫码后无需员工确认，直接成为好友。'
                    : undefined
              }
            >
              <RadioGroup
                row
                value={values.autoAccept.mode}
                onChange={(e) => {
                  const mode = e.target.value as AutoAcceptMode
                  update({ autoAccept: { ...values.autoAccept, mode } })
                }}
                aria-label="自动通过好友"
              >
                <FormControlLabel value="off" control={<Radio size="small" />} label="全天关闭" />
                <FormControlLabel value="on" control={<Radio size="small" />} label="全天开启" />
                <FormControlLabel value="scheduled" control={<Radio size="small" />} label="定时开启" />
              </RadioGroup>
              {values.autoAccept.mode === 'scheduled' && (
                <Box sx={{ mt: 1 }}>
                  <ScheduleEditor
                    id={fieldDomId('autoAccept.windows')}
                    value={values.autoAccept.windows}
                    onChange={(windows) => update({ autoAccept: { ...values.autoAccept, windows } })}
                    error={errors['autoAccept.windows']}
                    timeZone={workspace?.timeZone ?? 'Asia/Shanghai'}
                  />
                </Box>
              )}
            </FormRow>

            <Divider sx={{ my: 1.5 }} />
            <RoutingSection
              draft={routing.draft}
              onChange={routing.setDraft}
              memberUserids={values.memberUserids}
            />
          </>
        )}
      </Box>

      <Box
        sx={{
          px: 3,
          py: 1.5,
          borderTop: '1px solid',
          borderColor: 'divider',
          display: 'flex',
          alignItems: 'center',
          gap: 1.5,
          bgcolor: '#fbfcfd',
        }}
      >
        <Box sx={{ flex: 1, minWidth: 0 }}>
          {saveError && (
            <Typography role="alert" variant="body2" sx={{ color: 'error.main' }}>
              {saveError}
            </Typography>
          )}
        </Box>
        <Button onClick={onCancel} disabled={saving}>
          取消
        </Button>
        <Button
          type="submit"
          variant="contained"
          disabled={saving || !initial}
          startIcon={saving ? <CircularProgress size={16} color="inherit" /> : undefined}
          sx={{ minWidth: 112 }}
        >
          {saving ? '正在保存…' : codeId === null ? '创建活码' : '保存修改'}
        </Button>
      </Box>
      <ConfirmDialog
        open={qrQuestion !== null}
        title="需要更换二维码"
        confirmLabel="换新二维码并保存"
        danger
        onConfirm={replaceQr}
        onClose={() => setQrQuestion(null)}
      >
        <Typography variant="body2" data-testid="qr-replace-question">
          {qrQuestion}
        </Typography>
      </ConfirmDialog>
    </Box>
  )
}
