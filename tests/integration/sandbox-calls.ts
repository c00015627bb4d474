// Raw WeCom API calls against the simulator, as an admin's console or another tool would make them
// (transfers, ways of type 1 …): the product's client does not offer every endpoint, and the
// simulator's own tests want the wire answers, errcodes included.

export type Json = Record<string, unknown>

export interface SandboxAddress {
  apiBase: string
  corpId: string
  secret: string
}

export async function getToken(s: SandboxAddress, corpid = s.corpId, secret = s.secret): Promise<Json> {
  const url = `${s.apiBase}/cgi-bin/gettoken?corpid=${encodeURIComponent(corpid)}&corpsecret=${encodeURIComponent(secret)}`
  const res = await fetch(url)
  if (res.status !== 200) throw new Error(`gettoken answered HTTP ${res.status}`)
  return (await res.json()) as Json
}

/** One API call with a fresh token (or the one given; null: none), answering WeCom's JSON. */
export async function callSandbox(
  s: SandboxAddress,
  path: string,
  { query = {}, body, token }: { query?: Record<string, string>; body?: unknown; token?: string | null } = {},
): Promise<Json> {
  const accessToken = token === undefined ? String((await getToken(s)).access_token) : token
  const params = new URLSearchParams({
    ...query,
    ...(accessToken === null ? {} : { access_token: accessToken }),
  })
  const res = await fetch(`${s.apiBase}/cgi-bin/${path}?${params}`, {
    method: body === undefined ? 'GET' : 'POST',
    ...(body === undefined
      ? {}
      : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
  })
  if (res.status !== 200) throw new Error(`${path} answered HTTP ${res.status}`)
  return (await res.json()) as Json
}
