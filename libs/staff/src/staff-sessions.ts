import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Redis } from 'ioredis';
import type { Repository } from 'typeorm';
import { DependencyUnavailableError, PrincipalValidator, REDIS, RedisKeys, type Principal } from '@tuki/platform';
import { StaffUser } from './staff-user.entity';

const CACHE_TTL_SECONDS = 3600;
/** The cached value of a disabled user: no token version ever matches it. */
const DISABLED = '0';

/**
 * Checks on every request and socket event that a token's session version is still the user's. The version lives in
 * Redis (shared by every api process) and falls back to the database when Redis has forgotten it (a restart with no
 * persistence), so a disabled user is refused at once everywhere and a Redis restart never re-admits them.
 */
@Injectable()
export class StaffSessions extends PrincipalValidator {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    private readonly keys: RedisKeys,
    @InjectRepository(StaffUser) private readonly users: Repository<StaffUser>,
  ) {
    super();
  }

  async isCurrent(principal: Principal): Promise<boolean> {
    const key = this.key(principal.userId);
    try {
      let version = await this.redis.get(key);
      if (version === null) {
        const user = await this.users.findOneBy({ id: principal.userId, helplineId: principal.helplineId });
        version = !user || user.disabledAt !== null ? DISABLED : String(user.sessionVersion);
        await this.redis.set(key, version, 'EX', CACHE_TTL_SECONDS);
      }
      return version !== DISABLED && Number(version) === principal.sessionVersion;
    } catch (error) {
      // Fail closed, and say why: a 503 the client retries, not a 500 or a pass.
      throw new DependencyUnavailableError('Session check unavailable; try again shortly', { cause: error });
    }
  }

  /** Called after the database change commits: every process sees the new version on its next check. */
  async publish(user: StaffUser): Promise<void> {
    await this.redis.set(
      this.key(user.id),
      user.disabledAt !== null ? DISABLED : String(user.sessionVersion),
      'EX',
      CACHE_TTL_SECONDS,
    );
  }

  private key(userId: string): string {
    return this.keys.key('staff', 'session-version', userId);
  }
}
