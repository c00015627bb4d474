// A button that picks one file from disk for an attachment: the file is checked for its role's kind
// and size before it is read (common/attachment-check.ts), so a refusal is immediate and names it.

import { useRef, type ReactNode } from 'react'
import Button, { type ButtonProps } from '@mui/material/Button'
import { fileProblem, mimeTypeOf, ROLE_ACCEPT, type FileRole } from '../../common/attachment-check'
import { readAsBase64 } from '../lib/files'

export interface PickedFile {
  fileName: string
  mimeType: string
  dataBase64: string
}

interface Props {
  role: FileRole
  /** The hidden input's label (tests and screen readers pick the file through it). */
  inputLabel: string
  onPicked: (file: PickedFile) => void
  /** A refusal in Chinese, or null once a file was taken. */
  onProblem: (message: string | null) => void
  children: ReactNode
  id?: string | undefined
  disabled?: boolean | undefined
  variant?: ButtonProps['variant']
  color?: ButtonProps['color']
  startIcon?: ReactNode
}

export function FilePickButton({ role, inputLabel, onPicked, onProblem, children, ...button }: Props) {
  const input = useRef<HTMLInputElement>(null)
  const take = async (file: File | undefined) => {
    if (!file) return
    const problem = fileProblem(role, file)
    onProblem(problem)
    if (problem) return
    try {
      const dataBase64 = await readAsBase64(file)
      onPicked({ fileName: file.name, mimeType: mimeTypeOf(role, file), dataBase64 })
    } catch {
      onProblem(`读取「${file.name}」失败，请重新选择`)
    }
  }
  return (
    <>
      <input
        ref={input}
        type="file"
        hidden
        accept={ROLE_ACCEPT[role] || undefined}
        aria-label={inputLabel}
        // Off with its button: a full list must not take a file dropped or picked another way.
        disabled={button.disabled ?? false}
        onChange={(e) => {
          void take(e.target.files?.[0])
          e.target.value = ''
        }}
      />
      <Button size="small" variant="outlined" {...button} onClick={() => input.current?.click()}>
        {children}
      </Button>
    </>
  )
}
