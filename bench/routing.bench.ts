/*
 * `npm run bench:routing`: (a) the routing core on Redis against Redis' round trip and BullMQ's raw rate, then
 * (b) the whole durable path through the built api against a plain INSERT. The last line is all figures as JSON.
 * BENCH_PARTS=a or b runs one part; BENCH_SIZES=1000,10000 changes the waiting counts of part (a).
 */
import { benchEnv, log } from './bench-util';
import { runDurablePath } from './durable-path';
import { runRoutingCore } from './routing-core';

async function main(): Promise<void> {
  const parts = (benchEnv.BENCH_PARTS ?? 'a,b').split(',');
  const sizes = (benchEnv.BENCH_SIZES ?? '1000,10000,100000').split(',').map(Number);
  const started = Date.now();
  const figures: Record<string, unknown> = { node: process.version };
  if (parts.includes('a')) figures.routingCore = await runRoutingCore(sizes);
  if (parts.includes('b')) figures.durablePath = await runDurablePath();
  figures.totalSeconds = Math.round((Date.now() - started) / 1000);
  log(JSON.stringify(figures));
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
