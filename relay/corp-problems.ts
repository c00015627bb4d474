// What the relay could not do for one corp, kept per corp so that one corp's bad data (a zone, a
// policy) is logged, shown in that corp's health, and never stops the others — or the process.

export class CorpProblems {
  private readonly byCorp = new Map<string, Map<string, { at: number; message: string }>>()

  constructor(private readonly now: () => number) {}

  /** Records that `what` failed for the corp (the latest failure of each kind is kept). */
  record(corpId: string, what: string, error: unknown) {
    let problems = this.byCorp.get(corpId)
    if (!problems) this.byCorp.set(corpId, (problems = new Map()))
    problems.set(what, { at: this.now(), message: error instanceof Error ? error.message : String(error) })
  }

  /** `what` worked again for the corp. */
  clear(corpId: string, what: string) {
    this.byCorp.get(corpId)?.delete(what)
  }

  /** One line per kind of problem, newest first. */
  list(corpId: string): string[] {
    return [...(this.byCorp.get(corpId)?.entries() ?? [])]
      .sort((a, b) => b[1].at - a[1].at)
      .map(([what, p]) => `${what}: ${p.message}`)
  }
}
