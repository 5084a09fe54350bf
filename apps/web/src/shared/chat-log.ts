import type { ChatMessagePayload } from '@tuki/contracts';

/**
 * The messages a page holds, by number: a message seen twice (pushed, then in a sync) is kept once, and a gap in the
 * numbers tells the page to ask for what it missed.
 */
export class ChatLog {
  private readonly bySeq = new Map<number, ChatMessagePayload>();

  /** Adds messages; returns true when something new arrived. */
  add(messages: ChatMessagePayload[]): boolean {
    let changed = false;
    for (const message of messages) {
      if (this.bySeq.has(message.seq)) continue;
      this.bySeq.set(message.seq, message);
      changed = true;
    }
    return changed;
  }

  get lastSeq(): number {
    let last = 0;
    while (this.bySeq.has(last + 1)) last++;
    return last;
  }

  /** Whether a message numbered `seq` leaves a hole before it. */
  hasGapBefore(seq: number): boolean {
    return seq > this.lastSeq + 1;
  }

  has(clientId: string): boolean {
    return [...this.bySeq.values()].some((message) => message.clientId === clientId);
  }

  ordered(): ChatMessagePayload[] {
    return [...this.bySeq.values()].sort((a, b) => a.seq - b.seq);
  }
}
