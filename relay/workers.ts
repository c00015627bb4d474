// The job runner: claims due jobs with a short lease (seconds — the welcome window is 20 s), runs them
// against WeCom, and records every outcome. Welcome errors that can never succeed are final; busy
// and rate-limit errors back off with jitter while the window is open; everything else is recorded.

import { FINAL_WELCOME_ERRCODES, RETRYABLE_ERRCODES } from '../wecom/errcodes'
import type { ActionStatus } from '../common/relay-api'
import { WeComError, WeComNetworkError } from '../wecom/errors'
import type { WeComClient } from '../wecom/types'
import type { RelayLog } from './log'
import type { JobRow, OutcomeWrite, RelayStorage } from './storage'
import { chooseMessage, composeWelcome } from './welcome/compose'
import { MediaCache } from './welcome/media'
import { NameSource } from './welcome/names'
import { applyRemark } from './welcome/remark'
import type { WayLock } from './routing/way-lock'

export interface RunnerDeps {
  store: RelayStorage
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

interface Outcome {
  status: ActionStatus
  errcode?: number
  error?: string
  /** What a done job did beyond its kind (which timed message, a name left out…). */
  detail?: string
}

const LEASE_MS = 10_000
/**
 * The share of the runner's slots that only welcomes may take. Tags and remarks can wait; a welcome
 * cannot (WeCom's 20 s), and a burst of adds brings both at once: without a lane, the tags of the
 * first adds fill the slots and the welcomes of the next ones queue behind them.
 */
const WELCOME_LANE = 0.5
const MAX_ATTEMPTS = 5
/**
 * 84061 on mark_tag: a half-add the member has not confirmed (WECOM.md). The full add wakes the job
 * at once; meanwhile it asks again with growing gaps, up to this long after the add.
 */
const UNCONFIRMED_ERRCODE = 84061
const CONFIRM_WAIT_MS = 7 * 86_400_000
const CONFIRM_RETRY_MAX_MS = 30 * 60_000
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
  /** Of the running jobs, how many are not welcomes (see WELCOME_LANE). */
  private runningOthers = 0
  /**
   * Outcomes decided but not yet written, each job's writes together (the store refused them, or
   * this turn's are still gathering): written before any claim.
   */
  private readonly unsaved: OutcomeWrite[][] = []
  /** The outcome writing under way, if any (one at a time, so their order holds). */
  private writing: Promise<boolean> | null = null
  private storeFailures = 0
  private flushScheduled = false
  /** Welcome files uploaded once and reused until they lapse (relay/welcome/media.ts). */
  private readonly media: MediaCache
  /** Customer and member names for placeholders and remarks (relay/welcome/names.ts). */
  private readonly names: NameSource
  private stopped = false
  private polling = false
  private wokenWhilePolling = false

  private readonly leaseMs: number

  constructor(private readonly deps: RunnerDeps) {
    this.leaseMs = deps.leaseMs ?? LEASE_MS
    this.media = new MediaCache(deps.store, deps.now)
    this.names = new NameSource(deps.now)
  }

  start() {
    this.stopped = false
    this.schedule(0)
    // Leases of running jobs are renewed well before they lapse, so a slow call never outlives one.
    this.renewTimer = setInterval(() => void this.renewLeases(), Math.max(10, Math.floor(this.leaseMs / 3)))
    this.renewTimer.unref()
  }

  /** Called after an ingest so a welcome goes out without waiting for the next poll. */
  wake() {
    if (this.stopped || this.storeFailures > 0) return
    // A wake while a claim is under way (it waits for the store) is kept: the next poll is at once.
    if (this.polling) this.wokenWhilePolling = true
    else this.schedule(0)
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
    await this.flushUnsaved()
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
    if (this.stopped || this.polling) return
    this.polling = true
    this.wokenWhilePolling = false
    void this.claimDue()
  }

  private async claimDue() {
    let next = this.deps.pollMs
    try {
      // Nothing new is claimed while an outcome is still unwritten: the store comes first.
      if (!(await this.flushUnsaved())) {
        next = this.storeBackoff()
        return
      }
      const free = this.deps.concurrency - this.running.size
      if (free > 0 && !this.stopped) {
        // The store resolves a claim only once it is durable: no call goes out before its claim is
        // on disk, so after a power cut the attempt is known to have maybe happened (a lapsed lease).
        const lane = Math.floor(this.deps.concurrency * WELCOME_LANE)
        const jobs = await this.deps.store.claim(
          this.deps.now(),
          free,
          this.leaseMs,
          MAX_ATTEMPTS,
          [...this.running.keys()],
          Math.max(0, this.deps.concurrency - lane - this.runningOthers),
        )
        this.storeFailures = 0
        for (const job of jobs) {
          const other = job.kind !== 'welcome'
          if (other) this.runningOthers += 1
          const p = this.run(job).finally(() => {
            this.running.delete(job.id)
            if (other) this.runningOthers -= 1
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
      if (this.wokenWhilePolling && this.storeFailures === 0) next = 0
      if (!this.stopped) this.schedule(next)
    }
  }

  private storeBackoff(): number {
    this.storeFailures += 1
    return Math.min(STORE_RETRY_MAX_MS, STORE_RETRY_MIN_MS * 2 ** (this.storeFailures - 1))
  }

  private async renewLeases() {
    if (this.running.size === 0) return
    try {
      await this.deps.store.extendLeases([...this.running.keys()], this.deps.now() + this.leaseMs)
    } catch (error) {
      // In this process the jobs stay busy whatever the lease says (claim skips them).
      this.deps.log('lease renewal failed', { error: String(error) })
    }
  }

  /**
   * Queues a job's outcome. Every outcome decided in one turn of the loop goes to the store as one
   * commit, in the order decided (SQLite also shares one fsync among all written in a turn); when the
   * store refuses (a full disk) they are kept and written before anything new is claimed.
   */
  private persist(writes: OutcomeWrite[]) {
    this.unsaved.push(writes)
    if (!this.flushScheduled) {
      this.flushScheduled = true
      setImmediate(() => {
        this.flushScheduled = false
        void this.flushUnsaved()
      })
    }
  }

  /** Writes the kept outcomes; false while the store still refuses every one of them. */
  private flushUnsaved(): Promise<boolean> {
    this.writing ??= this.writeUnsaved().finally(() => (this.writing = null))
    return this.writing
  }

  private async writeUnsaved(): Promise<boolean> {
    const { store } = this.deps
    while (this.unsaved.length > 0) {
      const batch = this.unsaved.splice(0)
      let firstError: unknown = null
      try {
        await store.recordOutcomes(batch.flat())
        continue
      } catch (error) {
        firstError = error
      }
      // One broken write must not hold back the rest: each job's outcome is tried on its own, so a
      // store that refuses everything is told apart from writes that are broken.
      const failed: OutcomeWrite[][] = []
      if (batch.length === 1) failed.push(batch[0]!)
      else
        for (const writes of batch) {
          try {
            await store.recordOutcomes(writes)
          } catch {
            failed.push(writes)
          }
        }
      if (failed.length === 0) continue
      // If some went through the store is fine and the others are broken writes, which are logged
      // and dropped; if none did, the store is refusing and they all wait.
      if (failed.length < batch.length) {
        this.deps.log('job outcomes dropped', { count: failed.length, error: String(firstError) })
        continue
      }
      this.unsaved.unshift(...failed)
      this.deps.log('job outcomes not written yet', {
        error: String(firstError),
        waiting: this.unsaved.length,
      })
      return false
    }
    return true
  }

  private async run(job: JobRow) {
    let writes: OutcomeWrite[]
    try {
      const outcome = await this.execute(job)
      const at = this.deps.now()
      // The detail first: a reader must never see a done job without what it did.
      writes = [
        ...(outcome.detail ? [{ op: 'detail' as const, id: job.id, detail: outcome.detail }] : []),
        {
          op: 'finish',
          id: job.id,
          status: outcome.status,
          at,
          errcode: outcome.errcode ?? null,
          error: outcome.error ?? null,
        },
      ]
    } catch (error) {
      writes = this.failed(job, error)
    }
    this.persist(writes)
  }

  /** What a failed attempt means: retry later, wait for a confirmation, or give up. */
  private failed(job: JobRow, error: unknown): OutcomeWrite[] {
    const at = this.deps.now()
    const errcode = error instanceof WeComError ? error.errcode : null
    const message = error instanceof Error ? error.message : String(error)
    const finish = (status: ActionStatus, text: string): OutcomeWrite => ({
      op: 'finish',
      id: job.id,
      status,
      at,
      errcode,
      error: text,
    })
    if ((job.kind === 'tags' || job.kind === 'remark') && errcode === UNCONFIRMED_ERRCODE)
      return [this.waitForConfirm(job, at)]
    if (
      job.kind === 'welcome' &&
      job.outcome_unknown === 1 &&
      errcode !== null &&
      USED_CODE_ERRCODES.has(errcode)
    ) {
      return [finish('done', PROBABLY_SENT)]
    }
    const network = error instanceof WeComNetworkError
    const retryable = network || (errcode !== null && RETRYABLE_ERRCODES.has(errcode))
    const final = job.kind === 'welcome' && errcode !== null && FINAL_WELCOME_ERRCODES.has(errcode)
    const delay = Math.min(8000, 250 * 2 ** job.attempts) * (0.5 + Math.random())
    const windowOpen = job.deadline === null || at + delay < job.deadline
    if (!final && retryable && job.attempts < MAX_ATTEMPTS && windowOpen) {
      // A send that timed out may have reached WeCom: the retry must read "already used" as sent.
      return [
        {
          op: 'retry',
          id: job.id,
          runAt: at + delay,
          at,
          errcode,
          error: message,
          unknown: network && job.kind === 'welcome',
        },
      ]
    }
    this.deps.log('job failed', { id: job.id, kind: job.kind, corpId: job.corp_id, errcode })
    const close = finish(retryable && !final ? 'dead' : 'failed', message)
    // A failed flip's pause is recorded with its job's close (first, in the same commit): the
    // scheduler (maybe on another instance) queues a new flip as soon as it sees none open, and must
    // see the pause by then.
    if (job.kind === 'skip_verify') {
      const { skipVerify } = JSON.parse(job.payload) as { skipVerify: boolean }
      return [{ op: 'flipFailed', corpId: job.corp_id, state: job.state, skipVerify, at }, close]
    }
    return [close]
  }

  /** Tags wait for a half-add to become a relation: asked again later, or woken by the full add. */
  private waitForConfirm(job: JobRow, at: number): OutcomeWrite {
    if (at - job.created_at > CONFIRM_WAIT_MS) {
      const what = job.kind === 'remark' ? '备注没有写上' : '标签没有打上'
      return {
        op: 'finish',
        id: job.id,
        status: 'failed',
        at,
        errcode: UNCONFIRMED_ERRCODE,
        error: `成员一直没有确认添加这位客户，${what}`,
      }
    }
    const delay = Math.min(CONFIRM_RETRY_MAX_MS, 15_000 * 2 ** Math.max(0, job.attempts - 1))
    const what = job.kind === 'remark' ? '写备注' : '打标签'
    return {
      op: 'retry',
      id: job.id,
      runAt: at + delay,
      at,
      errcode: UNCONFIRMED_ERRCODE,
      error: `等待成员确认添加后再${what}`,
      unknown: false,
    }
  }

  private async execute(job: JobRow): Promise<Outcome> {
    const { store } = this.deps
    const policy = await store.policy(job.corp_id, job.state)
    if (!policy) return { status: 'skipped' }
    const client = this.deps.client(job.corp_id)
    if (job.kind === 'welcome') {
      if (job.deadline !== null && this.deps.now() > job.deadline) {
        // After an attempt whose result nobody saw, a lapsed code says nothing new: WeCom would
        // answer 41050 whether our send arrived or not.
        if (job.outcome_unknown === 1) return { status: 'done', errcode: 41050, error: UNKNOWN_THEN_LAPSED }
        return { status: 'failed', errcode: 41050, error: '欢迎语发送码已超过 20 秒有效期' }
      }
      // The message of the add's minute (CreateTime), in the workspace's zone (relay/welcome/).
      const { createTime = 0 } = JSON.parse(job.payload) as { createTime?: number }
      const at = createTime > 0 ? createTime * 1000 : job.created_at
      const chosen = chooseMessage(policy, await store.settings(job.corp_id), at)
      if (chosen.kind === 'skip') return { status: 'skipped' }
      if (chosen.kind === 'fail') return { status: 'failed', error: chosen.error }
      const composed = await composeWelcome(
        { client, media: this.media, names: this.names, now: this.deps.now },
        policy,
        chosen.message,
        {
          corpId: job.corp_id,
          userid: job.userid,
          externalUserid: job.external_userid,
          createTime,
          deadline: job.deadline,
          createdAt: job.created_at,
        },
      )
      await client.sendWelcomeMsg({
        welcome_code: job.welcome_code,
        ...(composed.text.trim() ? { text: { content: composed.text } } : {}),
        ...(composed.attachments.length ? { attachments: composed.attachments } : {}),
      })
      const detail = [chosen.detail, composed.detail].filter(Boolean).join('；')
      return { status: 'done', ...(detail ? { detail } : {}) }
    }
    if (job.kind === 'remark') {
      return applyRemark({ client, names: this.names }, policy, {
        userid: job.userid,
        externalUserid: job.external_userid,
      })
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
    await store.flipWritten(job.corp_id, job.state, skipVerify)
    return { status: 'done' }
  }
}
