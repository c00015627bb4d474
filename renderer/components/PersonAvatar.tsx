// An avatar with the person's initials (WeCom no longer gives new apps member avatars, and remote images
// are not loaded under the app's CSP), coloured by name so people are easy to tell apart.

import Avatar from '@mui/material/Avatar'
import { colorOf, initialsOf } from '../lib/format'

export function PersonAvatar({ name, size = 32, src }: { name: string; size?: number; src?: string }) {
  const usable = src?.startsWith('data:') ? src : undefined
  return (
    <Avatar
      src={usable}
      alt={name}
      sx={{ width: size, height: size, fontSize: size * 0.45, bgcolor: colorOf(name), fontWeight: 600 }}
    >
      {initialsOf(name)}
    </Avatar>
  )
}
