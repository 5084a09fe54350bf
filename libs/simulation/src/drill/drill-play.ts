import { sleep } from './drill-client';
import type { DrillContext } from './drill-context';
import type { SimulatedAgent } from './simulated-agent';
import type { SimulatedCaller } from './simulated-caller';

const HOUR_MS = 3_600_000;
/** After the drain, how long agents get to finish the conversations they are in before the drill ends anyway. */
const AGENTS_FINISH_MS = 60_000;

export interface Play {
  ctx: DrillContext<SimulatedCaller>;
  callers: readonly SimulatedCaller[];
  agents: readonly SimulatedAgent[];
  /** Simulated milliseconds of arrivals. */
  arrivalsMs: number;
  /** Real seconds to let the open contacts end after the last arrival. */
  drainSeconds: number;
  /** Takes a sample of the live metrics. */
  sample: () => Promise<void>;
  log: (line: string) => void;
}

/**
 * Plays the script on the compressed clock: the agents' shifts, the callers' arrivals, the live metrics sampled every
 * twelfth of a simulated hour (1-60 s) and at each hour's end; then the drain, until every caller has ended or waits
 * for a callback attempt due after the drill, after which callers still waiting hang up. Returns the drill clock's
 * start (the scenario's start) and end.
 */
export async function play(p: Play): Promise<{ realStart: number; realEnd: number }> {
  const { ctx, callers, agents, log } = p;
  const speed = ctx.speed;
  const realStart = Date.now() + 1000;
  const timers: NodeJS.Timeout[] = [];
  const at = (simMs: number, step: () => unknown) => {
    const due = realStart + simMs / speed;
    timers.push(
      setTimeout(() => {
        ctx.latency.record('timer:late', Date.now() - due);
        Promise.resolve()
          .then(step)
          .catch((error: unknown) => ctx.incident(String(error)));
      }, due - Date.now()),
    );
  };
  await p.sample();
  for (const agent of agents) {
    for (const [from, to] of agent.spec.duty) {
      at(from * speed, () => agent.dutyStarts());
      at(to * speed, () => agent.dutyEnds());
    }
  }
  // A caller's arrival runs until they hang up or are served: not awaited here, so the next one is on time.
  for (const caller of callers) at(caller.script.atMs, () => caller.arrive());
  for (let hour = 1; hour <= Math.ceil(p.arrivalsMs / HOUR_MS); hour++) at(hour * HOUR_MS, p.sample);
  const sampler = setInterval(() => void p.sample(), Math.min(60_000, Math.max(1000, HOUR_MS / speed / 12)));
  try {
    await sleep(realStart + p.arrivalsMs / speed - Date.now() + 50);
    log(`Arrivals done (${callers.filter((c) => c.contactId).length} contacts); playing out the open ones`);
    const settled = () => callers.every((c) => c.settled || c.waitingForRetry) && agents.every((a) => a.idle);
    const drainUntil = Date.now() + p.drainSeconds * 1000;
    while (!settled() && Date.now() < drainUntil) await sleep(200);
    if (!settled()) {
      const open = callers.filter((c) => !c.settled && !c.waitingForRetry);
      log(`Drain over: ${open.length} callers still open; those waiting hang up`);
      await Promise.all(open.map((c) => c.drillEnds()));
      const finishUntil = Date.now() + AGENTS_FINISH_MS;
      while (!agents.every((a) => a.idle) && Date.now() < finishUntil) await sleep(200);
    }
    return { realStart, realEnd: Date.now() };
  } finally {
    for (const timer of timers) clearTimeout(timer);
    clearInterval(sampler);
    ctx.end();
  }
}
