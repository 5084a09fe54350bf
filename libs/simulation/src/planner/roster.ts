import { DateTime } from 'luxon';
import type { Scenario, Team } from '../scenario/scenario.schema';

const HOUR_MS = 3_600_000;

/** A stretch of the virtual clock, [from, to) in epoch ms. */
export type Interval = readonly [number, number];

/** One simulated agent and when they are on duty. */
export interface RosteredAgent {
  agentId: string;
  team: number;
  languages: string[];
  capacity: Team['capacity'];
  onDuty: Interval[];
}

/**
 * Agents on duty per team and hour, as the staffing search sets them: agent i of a team is on duty in hour h when
 * i < perHour[h]. Replaces the teams' counts and shifts.
 */
export type HourlyStaffing = number[][];

export const teamName = (team: Team): string => team.name ?? team.languages.join('+');

/**
 * The scenario's agents and their duty: each team's count, on its shifts (local wall-clock times in the scenario's
 * zone, a shift past midnight ending the next day), or around the clock without shifts; or, given `staffing`, the
 * hourly counts instead. Duty runs from the clock's start to `untilMs`.
 */
export function rosterOf(scenario: Scenario, untilMs: number, staffing?: HourlyStaffing): RosteredAgent[] {
  const startMs = DateTime.fromISO(scenario.startAt).toMillis();
  return scenario.agents.flatMap((team, t) => {
    const count = staffing ? Math.max(0, ...staffing[t]) : team.count;
    return Array.from({ length: count }, (_, i) => ({
      agentId: `${teamName(team).replace(/[^a-z0-9+]/gi, '-')}-${t}-${i}`,
      team: t,
      languages: team.languages,
      capacity: team.capacity,
      onDuty: staffing
        ? hourlyDuty(staffing[t], i, startMs, untilMs)
        : shiftDuty(team, scenario.timeZone, startMs, untilMs),
    }));
  });
}

function hourlyDuty(perHour: number[], index: number, startMs: number, untilMs: number): Interval[] {
  const intervals: [number, number][] = [];
  const hours = Math.ceil((untilMs - startMs) / HOUR_MS);
  for (let h = 0; h < hours; h++) {
    // Past the scenario's hours the last hour's staffing stays on, to play out the contacts still waiting.
    if (index >= perHour[Math.min(h, perHour.length - 1)]) continue;
    const from = startMs + h * HOUR_MS;
    const last = intervals.at(-1);
    if (last && last[1] === from) last[1] = from + HOUR_MS;
    else intervals.push([from, from + HOUR_MS]);
  }
  return intervals;
}

function shiftDuty(team: Team, timeZone: string, startMs: number, untilMs: number): Interval[] {
  if (!team.shifts || team.shifts.length === 0) return [[startMs, untilMs]];
  const intervals: [number, number][] = [];
  // From the day before the start, for a night shift that began before the clock did.
  let day = DateTime.fromMillis(startMs, { zone: timeZone }).startOf('day').minus({ days: 1 });
  while (day.toMillis() < untilMs) {
    for (const shift of team.shifts) {
      const from = at(day, shift.from);
      let to = at(day, shift.to);
      if (to <= from) to = at(day.plus({ days: 1 }), shift.to);
      const clipped: [number, number] = [Math.max(from, startMs), Math.min(to, untilMs)];
      if (clipped[0] < clipped[1]) intervals.push(clipped);
    }
    day = day.plus({ days: 1 });
  }
  return merge(intervals);
}

function at(day: DateTime, wallClock: string): number {
  const [hour, minute] = wallClock.split(':').map(Number);
  return day.set({ hour, minute }).toMillis();
}

function merge(intervals: [number, number][]): Interval[] {
  const sorted = [...intervals].sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const interval of sorted) {
    const last = merged.at(-1);
    if (last && interval[0] <= last[1]) last[1] = Math.max(last[1], interval[1]);
    else merged.push([...interval]);
  }
  return merged;
}
