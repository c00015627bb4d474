// Readable, safe file names from channel names: Chinese kept, characters Windows and macOS refuse
// removed, duplicates numbered — so a ZIP of 50 codes unpacks cleanly everywhere.

export function safeFileName(name: string, ext: string): string {
  const cleaned = [...name.replace(/[\\/:*?"<>|]/g, ' ')]
    .filter((c) => (c.codePointAt(0) ?? 0) >= 0x20 && c.codePointAt(0) !== 0x7f)
    .join('')
    .replace(/\s+/g, ' ')
    .replace(/^[\s.]+|[\s.]+$/g, '')
  const base = [...cleaned].slice(0, 80).join('') || '活码'
  return `${base}.${ext}`
}

export function uniqueNames(names: string[]): string[] {
  const seen = new Map<string, number>()
  return names.map((name) => {
    const key = name.toLowerCase()
    const count = (seen.get(key) ?? 0) + 1
    seen.set(key, count)
    if (count === 1) return name
    const dot = name.lastIndexOf('.')
    return dot > 0 ? `${name.slice(0, dot)} (${count})${name.slice(dot)}` : `${name} (${count})`
  })
}
