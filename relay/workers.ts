// The job runner: claims due jobs with a short lease (seconds — the welcome window is 20 s), runs them
// against WeCom, and records every outcome. Welcome errors that can never succeed are final; busy
// and rate-limit errors back off with jitter while the window is open; everything else is recorded.

import { createHash } from 'node:crypto'
import { FINAL_WELCOME_ERRCODES, RETRYABLE_ERRCODES } from '../wecom/errcodes'
import type { ActionStatus } from '../common/relay-api'
import { WeComError, WeComNetworkError } from '../wecom/errors'
import type { WeComClient, WelcomeAttachmentPayload } from '../wecom/types'
import type { RelayLog } from './log'
import type { JobRow, RelayStore } from './store'
import type { WayLock } from './routing/way-lock'

export interface RunnerDeps {
  store: RelayStore
  client: (corpId: string) => WeComClient
  now: () => number
  log: RelayLog
  pollMs: number
  concurrency: number
  /** How long a claimed job is leased (renewed every third of it while its call runs). */
  leaseMs?: number
  /** Shared with smart routing's re-points, so a flip and a re-point never interleave on one way. */
  wayLock?: WayLock
}

type ImageAttachment = { fileName: string; mimeType: string; dataBase64: string }

interface Outcome {
  status: ActionStatus
  errcode?: number
  error?: string
}

const LEASE_MS = 10_000
const MAX_ATTEMPTS = 5
/**
 * 84061 on mark_tag: a half-add the member has not confirmed (WECOM.md). The full add wakes the job
 * at once; meanwhile it asks again with growing gaps, up to this long after the add.
 */
const UNCONFIRMED_ERRCODE = 84061
const CONFIRM_WAIT_MS = 7 * 86_400_000
const CONFIRM_RETRY_MAX_MS = 30 * 60_000
/** A media_id lives 3 days; upload again an hour before it lapses. */
const MEDIA_TTL_MS = 3 * 86400_000 - 3600_000
/**
 * What WeCom answers a welcome code that was already used (41050 invalid, 41051 a message already
 * went, 41096 one is being sent). After an attempt whose result nobody saw, that means our own first
 * send most probably arrived: recorded as done, with what happened, not as a failure.
 */
const USED_CODE_ERRCODES = new Set([41050, 41051, 41096])
const PROBABLY_SENT =
  '上次发送的结果未知（中转服务中断或企业微信未及时答复），再次发送时企业微信答复此欢迎语码已用过：客户很可能已收到'
const UNKNOWN_THEN_LAPSED =
  '上次发送的结果未知（中转服务中断或企业微信未及时答复），欢迎语码随后已过期：客户很可能已收到，无法再确认'
/** While the store cannot be written (disk full), the runner pauses this long at first, doubling. */
const STORE_RETRY_MIN_MS = 250
const STORE_RETRY_MAX_MS = 10_000

export class JobRunner {
  private timer: NodeJS.Timeout | null = null
  private renewTimer: NodeJS.Timeout | null = null
  private readonly running = new Map<number, Promise<void>>()
  /** Outcomes decided but not yet written (the store refused a write): written before any claim. */
  private readonly unsaved: (() => void)[] = []
  private storeFailures = 0
  private flushScheduled = false
  /** The SHA-256 of each image attachment seen (keyed by the parsed policy's object). */
  private readonly imageHashes = new WeakMap<ImageAttachment, string>()
  /** Uploads in flight, so concurrent first sends of one image share one upload. */
  private readonly uploads = new Map<string, Promise<string>>()
  private stopped = false
  private polling = false

  private readonly leaseMs: number

  constructor(private readonly deps: RunnerDeps) {
    this.leaseMs = deps.leaseMs ?? LEASE_MS
  }

  start() {
    this.stopped = false
    this.schedule(0)
    // Leases of running jobs are renewed well before they lapse, so a slow call never outlives one.
    this.renewTimer = setInterval(() => this.renewLeases(), Math.max(10, Math.floor(this.leaseMs / 3)))
    this.renewTimer.unref()
  }

  /** Called after an ingest so a welcome goes out without waiting for the next poll. */
  wake() {
    if (!this.stopped && !this.polling && this.storeFailures === 0) this.schedule(0)
  }

  /**
   * Stops taking jobs and waits up to `deadlineMs` for the running ones. A call still in flight then
   * is left leased: the next start takes it up once the lease lapses, as an attempt of unknown result.
   */
  async stop(deadlineMs = 5_000) {
    this.stopped = true
    if (this.timer) clearTimeout(this.timer)
    if (this.renewTimer) clearInterval(this.renewTimer)
    let timer: NodeJS.Timeout | undefined
    await Promise.race([
      Promise.allSettled([...this.running.values()]),
      new Promise<void>((resolve) => (timer = setTimeout(resolve, deadlineMs))),
    ])
    clearTimeout(timer)
    this.flushUnsaved()
  }

  /** How many jobs are running now (for tests and health). */
  get inFlight(): number {
    return this.running.size
  }

  private schedule(ms: number) {
    if (this.timer) clearTimeout(this.timer)
    this.timer = setTimeout(() => this.poll(), ms)
  }

  private poll() {
    if (this.stopped) return
    this.polling = true
    let next = this.deps.pollMs
    try {
      // Nothing new is claimed while an outcome is still unwritten: the store comes first.
      if (!this.flushUnsaved()) {
        next = this.storeBackoff()
        return
      }
      const free = this.deps.concurrency - this.running.size
      if (free > 0) {
        const jobs = this.deps.store.claim(this.deps.now(), free, this.leaseMs, MAX_ATTEMPTS, [
          ...this.running.keys(),
        ])
        this.storeFailures = 0
        for (const job of jobs) {
          const p = this.run(job).finally(() => {
            this.running.delete(job.id)
            this.wake()
          })
          this.running.set(job.id, p)
        }
      }
    } catch (error) {
      // The store refused the claim (disk full, I/O error): pause and try again, never crash.
      next = this.storeBackoff()
      this.deps.log('job poll failed', { error: String(error), retryInMs: next })
    } finally {
      this.polling = false
      if (!this.stopped) this.schedule(next)
    }
  }

  private storeBackoff(): number {
    this.storeFailures += 1
    return Math.min(STORE_RETRY_MAX_MS, STORE_RETRY_MIN_MS * 2 ** (this.storeFailures - 1))
  }

  private renewLeases() {
    if (this.running.size === 0) return
    try {
      this.deps.store.extendLeases([...this.running.keys()], this.deps.now() + this.leaseMs)
    } catch (error) {
      // In this process the jobs stay busy whatever the lease says (claim skips them).
      this.deps.log('lease renewal failed', { error: String(error) })
    }
  }

  /**
   * Queues an outcome write. Outcomes are committed together once per turn of the event loop (one
   * fsync for all the jobs that finished in it, not one each); when the store refuses (a full disk)
   * they are kept and written before anything new is claimed.
   */
  private persist(write: () => void) {
    this.unsaved.push(write)
    if (!this.flushScheduled) {
      this.flushScheduled = true
      setImmediate(() => {
        this.flushScheduled = false
        this.flushUnsaved()
      })
    }
  }

  /** Writes the kept outcomes in one transaction; false while the store still refuses. */
  private flushUnsaved(): boolean {
    if (this.unsaved.length === 0) return true
    const writes = this.unsaved.splice(0)
    try {
      this.deps.store.db.transaction(() => writes.forEach((write) => write()))()
      return true
    } catch (error) {
      // One by one: if some go through the store is fine and the others are broken writes, which
      // are logged and dropped; if none does, the store is refusing and they all wait.
      const failed = writes.filter((write) => {
        try {
          write()
          return false
        } catch {
          return true
        }
      })
      if (failed.length < writes.length) {
        if (failed.length > 0)
          this.deps.log('job outcomes dropped', { count: failed.length, error: String(error) })
        return true
      }
      this.unsaved.unshift(...failed)
      this.deps.log('job outcomes not written yet', { error: String(error), waiting: this.unsaved.length })
      return false
    }
  }

  private async run(job: JobRow) {
    const { store, now } = this.deps
    let outcome: Outcome
    try {
      outcome = await this.execute(job)
    } catch (error) {
      return this.persist(() => this.failed(job, error))
    }
    this.persist(() =>
      store.finish(job.id, outcome.status, now(), outcome.errcode ?? null, outcome.error ?? null),
    )
  }

  /** Records what a failed attempt means: retry later, wait for a confirmation, or give up. */
  private failed(job: JobRow, error: unknown) {
    const { store, now } = this.deps
    const errcode = error instanceof WeComError ? error.errcode : null
    const message = error instanceof Error ? error.message : String(error)
    if (job.kind === 'tags' && errcode === UNCONFIRMED_ERRCODE) return this.waitForConfirm(job)
    if (
      job.kind === 'welcome' &&
      job.outcome_unknown === 1 &&
      errcode !== null &&
      USED_CODE_ERRCODES.has(errcode)
    ) {
      return store.finish(job.id, 'done', now(), errcode, PROBABLY_SENT)
    }
    const network = error instanceof WeComNetworkError
    const retryable = network || (errcode !== null && RETRYABLE_ERRCODES.has(errcode))
    const final = job.kind === 'welcome' && errcode !== null && FINAL_WELCOME_ERRCODES.has(errcode)
    const delay = Math.min(8000, 250 * 2 ** job.attempts) * (0.5 + Math.random())
    const windowOpen = job.deadline === null || now() + delay < job.deadline
    if (!final && retryable && job.attempts < MAX_ATTEMPTS && windowOpen) {
      // A send that timed out may have reached WeCom: the retry must read "already used" as sent.
      store.retryAt(job.id, now() + delay, now(), errcode, message, network && job.kind === 'welcome')
    } else {
      store.finish(job.id, retryable && !final ? 'dead' : 'failed', now(), errcode, message)
      if (job.kind === 'skip_verify') {
        const { skipVerify } = JSON.parse(job.payload) as { skipVerify: boolean }
        store.flipFailed(job.corp_id, job.state, skipVerify, now())
      }
      this.deps.log('job failed', { id: job.id, kind: job.kind, corpId: job.corp_id, errcode })
    }
  }

  /** Tags wait for a half-add to become a relation: asked again later, or woken by the full add. */
  private waitForConfirm(job: JobRow) {
    const { store, now } = this.deps
    if (now() - job.created_at > CONFIRM_WAIT_MS) {
      store.finish(job.id, 'failed', now(), UNCONFIRMED_ERRCODE, '成员一直没有确认添加这位客户，标签没有打上')
      return
    }
    const delay = Math.min(CONFIRM_RETRY_MAX_MS, 15_000 * 2 ** Math.max(0, job.attempts - 1))
    store.retryAt(job.id, now() + delay, now(), UNCONFIRMED_ERRCODE, '等待成员确认添加后再打标签')
  }

  private async execute(job: JobRow): Promise<Outcome> {
    const { store } = this.deps
    const policy = store.policy(job.corp_id, job.state)
    if (!policy) return { status: 'skipped' }
    const client = this.deps.client(job.corp_id)
    if (job.kind === 'welcome') {
      if (job.deadline !== null && this.deps.now() > job.deadline) {
        // After an attempt whose result nobody saw, a lapsed code says nothing new: WeCom would
        // answer 41050 whether our send arrived or not.
        if (job.outcome_unknown === 1) return { status: 'done', errcode: 41050, error: UNKNOWN_THEN_LAPSED }
        return { status: 'failed', errcode: 41050, error: '欢迎语发送码已超过 20 秒有效期' }
      }
      const content =
        policy.welcome.mode === 'own'
          ? policy.welcome
          : policy.welcome.mode === 'default'
            ? store.settings(job.corp_id)?.defaultWelcome
            : null
      // A code on 默认欢迎语 whose default the relay does not have (never pushed, or empty) is a failure
      // the manager must see, not a silent skip.
      if (policy.welcome.mode === 'default' && (!content || (!content.text.trim() && !content.attachment))) {
        return {
          status: 'failed',
          error: content
            ? '默认欢迎语是空的：请在 设置 › 默认欢迎语 中填写'
            : '中转服务还没有收到默认欢迎语：请在 设置 › 默认欢迎语 中保存一次',
        }
      }
      if (!content || (!content.text.trim() && !content.attachment)) return { status: 'skipped' }
      const attachments: WelcomeAttachmentPayload[] = []
      if (content.attachment?.kind === 'image') {
        attachments.push({
          msgtype: 'image',
          image: { media_id: await this.mediaId(job.corp_id, client, content.attachment) },
        })
      } else if (content.attachment?.kind === 'link') {
        const a = content.attachment
        attachments.push({
          msgtype: 'link',
          link: {
            title: a.title,
            url: a.url,
            ...(a.desc ? { desc: a.desc } : {}),
            ...(a.picUrl ? { picurl: a.picUrl } : {}),
          },
        })
      }
      await client.sendWelcomeMsg({
        welcome_code: job.welcome_code,
        ...(content.text.trim() ? { text: { content: content.text } } : {}),
        ...(attachments.length ? { attachments } : {}),
      })
      return { status: 'done' }
    }
    if (job.kind === 'tags') {
      if (policy.tagIds.length === 0) return { status: 'skipped' }
      await client.markTag({
        userid: job.userid,
        external_userid: job.external_userid,
        add_tag: policy.tagIds,
      })
      return { status: 'done' }
    }
    // A flip changes skip_verify and nothing else: it reads the way as WeCom has it now and writes it
    // back whole (update_contact_way overwrites), so an edit the relay's policy does not know yet — a
    // push that failed, another desktop — is never reverted.
    const { skipVerify } = JSON.parse(job.payload) as { skipVerify: boolean }
    const lock = this.deps.wayLock
    if (lock)
      return lock.run(job.corp_id, policy.configId, () => this.flip(job, client, policy.configId, skipVerify))
    return this.flip(job, client, policy.configId, skipVerify)
  }

  private async flip(
    job: JobRow,
    client: WeComClient,
    configId: string,
    skipVerify: boolean,
  ): Promise<Outcome> {
    const { store } = this.deps
    const way = await client.getContactWay(configId)
    if (way.skip_verify !== skipVerify) {
      await client.updateContactWay({
        config_id: way.config_id,
        remark: way.remark,
        skip_verify: skipVerify,
        state: way.state,
        user: way.user,
        party: way.party,
      })
    }
    store.flipWritten(job.corp_id, job.state, skipVerify)
    return { status: 'done' }
  }

  /**
   * The image's media_id: hashed once per parsed policy (the store keeps parsed policies, so the
   * attachment object lives until the next push), looked up in the cache, and uploaded once however
   * many welcomes need it at the same moment.
   */
  private async mediaId(corpId: string, client: WeComClient, image: ImageAttachment) {
    let sha = this.imageHashes.get(image)
    if (!sha) {
      // Of the bytes, as the media cache has always been keyed.
      sha = createHash('sha256').update(Buffer.from(image.dataBase64, 'base64')).digest('hex')
      this.imageHashes.set(image, sha)
    }
    const cached = this.deps.store.media(corpId, sha)
    if (cached && cached.createdAt > this.deps.now() - MEDIA_TTL_MS) return cached.mediaId
    const key = `${corpId}\u0000${sha}`
    let upload = this.uploads.get(key)
    if (!upload) {
      const digest = sha
      upload = client
        .uploadMedia({
          type: 'image',
          fileName: image.fileName,
          mimeType: image.mimeType,
          data: Buffer.from(image.dataBase64, 'base64'),
        })
        .then((uploaded) => {
          this.deps.store.putMedia(corpId, digest, uploaded.media_id, this.deps.now())
          return uploaded.media_id
        })
        .finally(() => this.uploads.delete(key))
      this.uploads.set(key, upload)
    }
    return upload
  }
}
