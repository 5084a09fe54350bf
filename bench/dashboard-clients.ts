/*
 * The dashboard bench's clients, in a process of their own (forked by dashboard.bench.ts) so the server's CPU and
 * the clients' are measured apart. It opens N socket.io clients (websocket transport) and records what arrives:
 * - `tuki`: supervisors on `/supervisors` with an access token; each applies `metrics.snapshot` and `metrics.changed`
 *   by number, as the page does, and notes when each message arrived and the arrivals count it carried;
 * - `bare`: plain clients of the bare socket.io server; each notes emit-to-receipt of every broadcast.
 * Commands and results go over the IPC channel.
 */
import { io, type Socket } from 'socket.io-client';
import type { MetricsMessage, SupervisorSnapshot } from '@tuki/contracts';
import { wallMs } from './dashboard-setup';

export type ClientCommand =
  | { type: 'connect'; mode: 'tuki' | 'bare'; url: string; token?: string; sockets: number }
  | { type: 'collect' }
  | { type: 'close' };

/** One supervisor socket's record: when each message carrying the arrivals count came, and the count. */
export interface TukiSocketRecord {
  baselineArrivals: number;
  times: number[];
  arrivals: number[];
  messages: number;
  seqGaps: number;
  alerts: number;
}

export interface TukiRecords {
  type: 'tuki';
  sockets: TukiSocketRecord[];
  /** Measured at socket 0 only (serialising every message costs CPU), per `metrics.changed`: when it came, */
  at: number[];
  /** its bytes (JSON), */
  bytes: number[];
  /** and its receipt minus the snapshot's `generatedAt` (server clock; NaN when absent). */
  sinceGenerated: number[];
  /** Socket 0: the parts each message carried, by name, and how often. */
  partCounts: Record<string, number>;
  /** Socket 0: bytes of each part (as JSON), summed over the messages that carried it. */
  partBytes: Record<string, number>;
  /** Socket 0: a few messages as sent (JSON), to give the bare baseline the same payload. */
  samples: string[];
}

export interface BareRecords {
  type: 'bare';
  /** Emit-to-receipt of every broadcast at every socket, with the emit time. */
  sentAt: number[];
  latencies: number[];
  messages: number;
}

export type ClientReply =
  | { type: 'ready'; connectMs: number; baselines: number[] }
  | TukiRecords
  | BareRecords
  | { type: 'error'; message: string };

const send = (reply: ClientReply) => process.send?.(reply);
const arrivalsOf = (parts: Partial<SupervisorSnapshot>): number | undefined => parts.overall?.windows.today.arrivals;

const sockets: Socket[] = [];
let tuki: TukiRecords | undefined;
let bare: BareRecords | undefined;

function openSocket(url: string, token: string | undefined): Socket {
  return io(url, {
    transports: ['websocket'],
    auth: token ? { token } : {},
    reconnection: false,
    forceNew: true,
  });
}

async function connectTuki(url: string, token: string, count: number): Promise<number[]> {
  const records: TukiRecords = {
    type: 'tuki',
    sockets: [],
    at: [],
    bytes: [],
    sinceGenerated: [],
    partCounts: {},
    partBytes: {},
    samples: [],
  };
  tuki = records;
  const openOne = (index: number) =>
    new Promise<void>((resolveOpen, reject) => {
      const socket = openSocket(url, token);
      const record: TukiSocketRecord = {
        baselineArrivals: NaN,
        times: [],
        arrivals: [],
        messages: 0,
        seqGaps: 0,
        alerts: 0,
      };
      records.sockets[index] = record;
      let snapshot: Partial<SupervisorSnapshot> = {};
      let seq = 0;
      socket.once('connect_error', reject);
      socket.on('metrics.snapshot', (message: MetricsMessage) => {
        snapshot = message.parts;
        seq = message.seq;
        record.baselineArrivals = arrivalsOf(message.parts) ?? NaN;
        resolveOpen();
      });
      socket.on('metrics.changed', (message: MetricsMessage) => {
        const at = wallMs();
        record.messages += 1;
        if (message.seq !== seq + 1) record.seqGaps += 1;
        seq = message.seq;
        snapshot = { ...snapshot, ...message.parts };
        const arrivals = arrivalsOf(message.parts);
        if (arrivals !== undefined) {
          record.times.push(at);
          record.arrivals.push(arrivals);
        }
        if (index === 0) {
          const json = JSON.stringify(message);
          records.at.push(at);
          records.bytes.push(Buffer.byteLength(json));
          records.sinceGenerated.push(at - (message.parts.generatedAt ?? NaN));
          for (const [part, value] of Object.entries(message.parts)) {
            records.partCounts[part] = (records.partCounts[part] ?? 0) + 1;
            records.partBytes[part] = (records.partBytes[part] ?? 0) + Buffer.byteLength(JSON.stringify(value));
          }
          if (records.samples.length < 400) records.samples.push(json);
        }
      });
      socket.on('metrics.alert', () => (record.alerts += 1));
      sockets.push(socket);
    });
  for (let i = 0; i < count; i += 10) {
    await Promise.all(Array.from({ length: Math.min(10, count - i) }, (_, k) => openOne(i + k)));
  }
  return records.sockets.map((r) => r.baselineArrivals);
}

async function connectBare(url: string, count: number): Promise<void> {
  const records: BareRecords = { type: 'bare', sentAt: [], latencies: [], messages: 0 };
  bare = records;
  const openOne = () =>
    new Promise<void>((resolveOpen, reject) => {
      const socket = openSocket(url, undefined);
      socket.once('connect_error', reject);
      socket.once('connect', () => resolveOpen());
      socket.on('metrics.changed', (message: { sentAt: number }) => {
        const at = wallMs();
        records.messages += 1;
        records.sentAt.push(message.sentAt);
        records.latencies.push(at - message.sentAt);
      });
      sockets.push(socket);
    });
  for (let i = 0; i < count; i += 10) {
    await Promise.all(Array.from({ length: Math.min(10, count - i) }, openOne));
  }
}

process.on('message', (command: ClientCommand) => {
  void (async () => {
    switch (command.type) {
      case 'connect': {
        const started = wallMs();
        const baselines =
          command.mode === 'tuki'
            ? await connectTuki(command.url, command.token ?? '', command.sockets)
            : (await connectBare(command.url, command.sockets), []);
        send({ type: 'ready', connectMs: wallMs() - started, baselines });
        return;
      }
      case 'collect': {
        const records = tuki ?? bare;
        if (records) send(records);
        return;
      }
      case 'close':
        sockets.forEach((socket) => socket.disconnect());
        setTimeout(() => process.exit(0), 100);
        return;
    }
  })().catch((error: unknown) => send({ type: 'error', message: (error as Error).message }));
});
process.on('disconnect', () => process.exit(0));
