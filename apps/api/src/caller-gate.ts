import { Injectable } from '@nestjs/common';
import { KeyedHasher, RateLimiter } from '@tuki/platform';
import { BlockList, ContactsService } from '@tuki/queueing';

/**
 * New callbacks per number (its caller key) per day. A request that merges into the number's open callback costs
 * nothing and is not counted (fifty at once still make one callback); what is limited is someone having a number rung
 * again and again, one callback after another.
 */
const CALLBACKS_PER_NUMBER = { what: 'callback requests for this number', limit: 5, windowMs: 24 * 3600_000 };

/**
 * The abuse checks in front of what callers may start: the block list (by pseudonymous key) and rate limits (counters
 * in Redis, keyed by hashes, never by a number or an address).
 */
@Injectable()
export class CallerGate {
  constructor(
    private readonly blockList: BlockList,
    private readonly contacts: ContactsService,
    private readonly limiter: RateLimiter,
    private readonly hasher: KeyedHasher,
  ) {}

  /** The keyed hash a web chat's address is blocked and limited by. */
  addressKey(address: string): string {
    return this.hasher.hash('chat-address', address);
  }

  async admitChat(helplineId: string, addressKey: string): Promise<void> {
    await this.blockList.refuseBlocked(helplineId, [addressKey]);
  }

  /**
   * Runs a callback request for `number` unless the number is blocked or had too many new callbacks today; counts it
   * when it made a new callback.
   */
  async admitCallback<T extends { merged: boolean }>(
    helplineId: string,
    number: string,
    request: () => Promise<T>,
  ): Promise<T> {
    let key: string | undefined;
    try {
      key = this.contacts.callerKeyOf(helplineId, 'phone', number);
    } catch {
      key = undefined; // not a number at all: the callback's own validation says so, clearly
    }
    if (key) {
      await this.blockList.refuseBlocked(helplineId, [key]);
      await this.limiter.check(`callback:${helplineId}`, key, CALLBACKS_PER_NUMBER);
    }
    const receipt = await request();
    if (key && !receipt.merged) await this.limiter.count(`callback:${helplineId}`, key, CALLBACKS_PER_NUMBER);
    return receipt;
  }
}
