// 连接企业微信: corp ID, corp name, Secret, relay URL and key, time zone → connectCorp. Validated with
// connectCorpSchema before sending; the services' field errors land on the same fields.

import { useState, type FormEvent } from 'react'
import Autocomplete from '@mui/material/Autocomplete'
import Box from '@mui/material/Box'
import Button from '@mui/material/Button'
import CircularProgress from '@mui/material/CircularProgress'
import IconButton from '@mui/material/IconButton'
import InputAdornment from '@mui/material/InputAdornment'
import TextField from '@mui/material/TextField'
import Typography from '@mui/material/Typography'
import { BridgeError } from '../../common/bridge-result'
import type { CheckResult, Workspace } from '../../common/domain'
import { DEFAULT_TIME_ZONE } from '../../common/limits'
import { connectCorpSchema } from '../../common/schemas'
import { errorMessage } from '../lib/errors'
import {
  errorsFromIssues,
  fieldDomId,
  firstErrorKey,
  normalizeFields,
  type FieldErrors,
} from '../lib/field-errors'
import { useApi } from '../hooks/api-context'

interface Values {
  corpId: string
  corpName: string
  secret: string
  relayUrl: string
  relayKey: string
  timeZone: string
  apiBase: string
}

const ORDER = ['corpId', 'corpName', 'secret', 'relayUrl', 'relayKey', 'timeZone', 'apiBase'] as const

function zones(): string[] {
  const intl = Intl as unknown as { supportedValuesOf?: (key: string) => string[] }
  const list = intl.supportedValuesOf?.('timeZone') ?? []
  return list.length ? list : [DEFAULT_TIME_ZONE, 'Asia/Hong_Kong', 'Asia/Taipei', 'Asia/Singapore', 'UTC']
}

interface Props {
  workspace: Workspace
  onConnected: (result: CheckResult) => void
}

export function CredentialsForm({ workspace, onConnected }: Props) {
  const api = useApi()
  const corp = workspace.kind === 'corp'
  const [values, setValues] = useState<Values>({
    corpId: corp ? workspace.corpId : '',
    corpName: corp ? workspace.corpName : '',
    secret: '',
    relayUrl: corp ? workspace.relayUrl : '',
    relayKey: '',
    timeZone: workspace.timeZone || DEFAULT_TIME_ZONE,
    apiBase: corp ? workspace.apiBase : '',
  })
  const [advanced, setAdvanced] = useState(corp && workspace.apiBase !== '')
  const [errors, setErrors] = useState<FieldErrors>({})
  const [message, setMessage] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const [showSecret, setShowSecret] = useState(false)

  const set = (key: keyof Values, value: string) => {
    setValues((v) => ({ ...v, [key]: value }))
    setErrors((e) => {
      const next = { ...e }
      delete next[key]
      return next
    })
  }

  const focus = (key: string | undefined) => key && document.getElementById(fieldDomId(key))?.focus()

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    setMessage(null)
    const parsed = connectCorpSchema.safeParse(values)
    if (!parsed.success) {
      const found = errorsFromIssues(parsed.error.issues)
      if (found.apiBase) setAdvanced(true)
      setErrors(found)
      focus(firstErrorKey(found, ORDER))
      return
    }
    setBusy(true)
    try {
      const result = await api.connectCorp(values)
      setValues((v) => ({ ...v, secret: '', relayKey: '' }))
      onConnected(result)
    } catch (err) {
      setMessage(errorMessage(err))
      if (err instanceof BridgeError && Object.keys(err.fields).length) {
        const mapped = normalizeFields(err.fields)
        setErrors(mapped)
        focus(firstErrorKey(mapped, ORDER))
      }
    } finally {
      setBusy(false)
    }
  }

  const field = (key: keyof Values) => ({
    id: fieldDomId(key),
    value: values[key],
    onChange: (e: { target: { value: string } }) => set(key, e.target.value),
    error: Boolean(errors[key]),
    fullWidth: true,
  })

  const savedHint = (has: boolean) => (has ? '已保存（出于安全不显示）；重新连接时请再次填写' : undefined)

  return (
    <Box
      component="form"
      onSubmit={(e: FormEvent) => void submit(e)}
      noValidate
      sx={{ display: 'grid', gap: 2 }}
    >
      <Box sx={{ display: 'grid', gridTemplateColumns: '1fr 1fr', gap: 2 }}>
        <TextField
          {...field('corpId')}
          label="企业ID"
          required
          placeholder="ww 开头，见 我的企业 › 企业信息"
          helperText={errors.corpId ?? '我的企业 › 企业信息 最下方'}
        />
        <TextField
          {...field('corpName')}
          label="企业名称"
          placeholder="显示在右上角，可不填"
          helperText={errors.corpName ?? ' '}
        />
      </Box>
      <TextField
        {...field('secret')}
        label="Secret（自建应用）"
        required
        type={showSecret ? 'text' : 'password'}
        autoComplete="off"
        helperText={
          errors.secret ??
          savedHint(workspace.kind === 'corp' && workspace.hasSecret) ??
          '应用管理 › 自建应用 › Secret'
        }
        slotProps={{
          input: {
            endAdornment: (
              <InputAdornment position="end">
                <IconButton
                  size="small"
                  onClick={() => setShowSecret((s) => !s)}
                  aria-label={showSecret ? '隐藏' : '显示'}
                >
                  <Typography variant="caption">{showSecret ? '隐藏' : '显示'}</Typography>
                </IconButton>
              </InputAdornment>
            ),
          },
        }}
      />
      <Box sx={{ display: 'grid', gridTemplateColumns: '1fr 1fr', gap: 2 }}>
        <TextField
          {...field('relayUrl')}
          label="中转服务地址"
          required
          placeholder="https://relay.example.com"
          helperText={errors.relayUrl ?? '回调 URL 会根据它生成'}
        />
        <TextField
          {...field('relayKey')}
          label="中转服务密钥"
          required
          type="password"
          autoComplete="off"
          helperText={
            errors.relayKey ??
            savedHint(workspace.kind === 'corp' && workspace.hasRelayKey) ??
            '由部署中转服务的同事提供'
          }
        />
      </Box>
      <Autocomplete
        options={zones()}
        value={values.timeZone}
        disableClearable
        onChange={(_, zone) => set('timeZone', zone)}
        renderInput={(params) => (
          <TextField
            {...params}
            id={fieldDomId('timeZone')}
            label="时区"
            error={Boolean(errors.timeZone)}
            helperText={errors.timeZone ?? '用于“定时开启”的时段和每日统计'}
          />
        )}
      />
      <Box>
        <Button
          size="small"
          color="inherit"
          onClick={() => setAdvanced((a) => !a)}
          aria-expanded={advanced}
          sx={{ color: 'text.secondary', px: 0.5 }}
        >
          {advanced ? '收起高级设置' : '高级设置（企业微信私有化部署）'}
        </Button>
        {advanced && (
          <TextField
            {...field('apiBase')}
            label="企业微信 API 地址"
            placeholder="https://qyapi.weixin.qq.com"
            sx={{ mt: 1 }}
            helperText={
              errors.apiBase ??
              `企业微信私有化部署请填写贵司的 API 地址；留空则使用 ${workspace.kind === 'corp' && !workspace.apiBase ? workspace.effectiveApiBase : '默认地址'}`
            }
          />
        )}
      </Box>
      <Box sx={{ display: 'flex', alignItems: 'center', gap: 2 }}>
        <Button
          type="submit"
          variant="contained"
          disabled={busy}
          startIcon={busy ? <CircularProgress size={16} color="inherit" /> : undefined}
        >
          {busy ? '正在连接…' : '保存并连接'}
        </Button>
        {message && (
          <Typography role="alert" variant="body2" sx={{ color: 'error.main' }}>
            {message}
          </Typography>
        )}
      </Box>
    </Box>
  )
}
