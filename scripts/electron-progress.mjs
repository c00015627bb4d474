// Loaded (node --import) into Electron's own installer, node_modules/electron/install.js, by
// scripts/electron-install.ts. The installer stays what downloads, checks the SHA-256 and unpacks; this
// only watches its fetch calls to print one progress line on stdout (@electron/get shows its own bar
// only after 30 s and only on a terminal) and, when a fetch fails, the network cause on stderr
// (install.js prints just "fetch failed").

const realFetch = globalThis.fetch
const MB = 1024 * 1024

globalThis.fetch = async (input, init) => {
  const url = String(input instanceof Request ? input.url : input)
  const name = url.split('/').pop() ?? url
  let response
  try {
    response = await realFetch(input, init)
  } catch (error) {
    const cause = error && typeof error === 'object' && 'cause' in error ? error.cause : null
    const code = cause && typeof cause === 'object' && 'code' in cause ? String(cause.code) : ''
    const detail = cause instanceof Error ? cause.message : String(error)
    process.stderr.write(`electron-fetch-cause: ${new URL(url).host} ${code} ${detail}\n`)
    throw error
  }
  if (!response.ok || !response.body || !name.endsWith('.zip')) return response
  const total = Number(response.headers.get('content-length')) || 0
  let done = 0
  let shown = -1
  const show = (final) => {
    const percent = total ? Math.floor((done / total) * 100) : 0
    if (!final && percent === shown) return
    shown = percent
    const size = total
      ? `${(done / MB).toFixed(1)} / ${(total / MB).toFixed(1)} MB`
      : `${(done / MB).toFixed(1)} MB`
    process.stdout.write(`\r下载 ${name}：${total ? `${percent}% ` : ''}${size}${final ? '\n' : ''}`)
  }
  const counted = response.body.pipeThrough(
    new TransformStream({
      transform(chunk, controller) {
        done += chunk.byteLength
        show(false)
        controller.enqueue(chunk)
      },
      flush() {
        show(true)
      },
    }),
  )
  return new Response(counted, {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  })
}
