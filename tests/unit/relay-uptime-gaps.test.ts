// The relay's outages from its uptime spans (relay/uptime.ts gapsOf): several instances on one store
// have overlapping spans, and only a time no span covered is a gap; a restart inside two heartbeat
// intervals is none; gaps are those that ended after `since`.

import { describe, expect, it } from 'vitest'
import { gapsOf } from '../../relay/uptime'

const MIN = 60_000
const span = (id: number, started_at: number, last_beat_at: number) => ({ id, started_at, last_beat_at })

describe('relay uptime gaps', () => {
  it('finds none while one instance or another was up, whatever the order of the spans', () => {
    // A: 0–30, B: 10–50 (overlaps A), A again: 45–90 (overlaps B).
    const spans = [span(3, 45 * MIN, 90 * MIN), span(1, 0, 30 * MIN), span(2, 10 * MIN, 50 * MIN)]
    expect(gapsOf(spans, 0, MIN)).toEqual({ firstStartedAt: 0, gaps: [] })
  })

  it('a span inside a longer one does not hide the outage after the longer one', () => {
    // A: 0–60 with B: 10–20 inside it; nothing from 60 until C starts at 70.
    const spans = [span(1, 0, 60 * MIN), span(2, 10 * MIN, 20 * MIN), span(3, 70 * MIN, 80 * MIN)]
    expect(gapsOf(spans, 0, MIN).gaps).toEqual([{ from: 60 * MIN, to: 70 * MIN }])
  })

  it('a restart within two heartbeat intervals is no gap; one just past it is', () => {
    expect(gapsOf([span(1, 0, 10 * MIN), span(2, 12 * MIN, 20 * MIN)], 0, MIN).gaps).toEqual([])
    expect(gapsOf([span(1, 0, 10 * MIN), span(2, 12 * MIN + 1, 20 * MIN)], 0, MIN).gaps).toEqual([
      { from: 10 * MIN, to: 12 * MIN + 1 },
    ])
  })

  it('lists only gaps that ended after `since`, and nothing for no spans', () => {
    const spans = [span(1, 0, 10 * MIN), span(2, 20 * MIN, 30 * MIN), span(3, 40 * MIN, 50 * MIN)]
    expect(gapsOf(spans, 25 * MIN, MIN).gaps).toEqual([{ from: 30 * MIN, to: 40 * MIN }])
    expect(gapsOf([], 0, MIN)).toEqual({ firstStartedAt: null, gaps: [] })
  })
})
