// The pause after a failed flip: the same skip_verify value is not tried again for a while (the
// manager sees the failure meanwhile). One rule for the scheduler's check and the stores' enqueue.

export interface SkipState {
  failedSkip: boolean | null
  failedAt: number | null
}

/** Whether a flip to `skipVerify` failed less than `pauseMs` before `now`. */
export function pausedAfterFailure(
  skip: SkipState,
  skipVerify: boolean,
  now: number,
  pauseMs: number,
): boolean {
  return skip.failedSkip === skipVerify && skip.failedAt !== null && now - skip.failedAt < pauseMs
}
