import {
  SUPERVISOR_SNAPSHOT_PARTS,
  type MetricsMessage,
  type SnapshotPart,
  type SupervisorSnapshot,
} from '@tuki/contracts';

/*
 * The dashboard's copy of the live snapshot, kept in step with the server's numbered messages. A change message only
 * carries the parts that differ from the message numbered `seq - 1`, so applying one on top of anything else would
 * show a mix of two moments: on any gap the copy asks for a whole snapshot instead. Pure: the socket is main.ts's.
 */

function isFull(parts: Partial<SupervisorSnapshot>): parts is SupervisorSnapshot {
  return SUPERVISOR_SNAPSHOT_PARTS.every((part) => parts[part] !== undefined);
}

/** What became of a message: shown, dropped as old or while a resync is on its way, or a resync was asked for. */
export type FeedOutcome = 'applied' | 'ignored' | 'resync';

export class LiveFeed {
  private seq = 0;
  private snapshot: SupervisorSnapshot | undefined;
  /** A resync is on its way: changes until then are relative to a state the page never had. */
  private resyncing = false;
  private lastChanged: readonly SnapshotPart[] = [];

  /** @param requestResync asks the server for a whole numbered snapshot, which comes back to `onSnapshot`. */
  constructor(private readonly requestResync: () => void) {}

  get current(): SupervisorSnapshot | undefined {
    return this.snapshot;
  }

  get lastSeq(): number {
    return this.seq;
  }

  /** The parts the last applied message replaced (every part after a snapshot). */
  get changedParts(): readonly SnapshotPart[] {
    return this.lastChanged;
  }

  /**
   * A whole snapshot (on connecting, or the answer to a resync) replaces everything, whatever its number: after a
   * reconnect the server may number a new connection's messages from the start again.
   */
  onSnapshot(message: MetricsMessage): FeedOutcome {
    this.resyncing = false;
    if (!isFull(message.parts)) return this.resync();
    this.snapshot = { ...message.parts };
    this.seq = message.seq;
    this.lastChanged = SUPERVISOR_SNAPSHOT_PARTS.filter((part): part is SnapshotPart => part !== 'helplineId');
    return 'applied';
  }

  /** A change applies only right after the message it was computed against (`seq - 1`). */
  onChanged(message: MetricsMessage): FeedOutcome {
    if (this.resyncing) return 'ignored';
    if (!this.snapshot) return this.resync();
    // A repeat or a late one: what it says is already in (or overtaken by) the copy.
    if (message.seq <= this.seq) return 'ignored';
    if (message.seq !== this.seq + 1) return this.resync();
    // helplineId never changes; a change carrying another helpline's id is a server fault the page must not mix in.
    const { helplineId, ...parts } = message.parts;
    if (helplineId !== undefined && helplineId !== this.snapshot.helplineId) return this.resync();
    this.snapshot = { ...this.snapshot, ...parts };
    this.seq = message.seq;
    this.lastChanged = Object.keys(parts) as SnapshotPart[];
    return 'applied';
  }

  /** The resync's answer never came (timeout, disconnect): the next change or snapshot starts over. */
  resyncFailed(): void {
    this.resyncing = false;
  }

  private resync(): FeedOutcome {
    this.resyncing = true;
    this.requestResync();
    return 'resync';
  }
}
