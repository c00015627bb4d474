// Random values the admin pastes into the WeCom console (Token, EncodingAESKey) and keys the
// desktop shares with its relay. EncodingAESKey is 43 base64 characters: 32 bytes with the '='
// padding dropped, which is how WeCom's console shows it.

import { randomBytes } from 'node:crypto'

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'

export function randomAlnum(length: number): string {
  const bytes = randomBytes(length)
  let out = ''
  for (const b of bytes) out += ALNUM[b % ALNUM.length]
  return out
}

export function newCallbackToken(): string {
  return randomAlnum(32)
}

export function newEncodingAesKey(): string {
  return randomBytes(32).toString('base64').replace(/=+$/, '')
}

export function newRelayKey(): string {
  return randomBytes(32).toString('base64url')
}
