import { Controller, Get, HttpCode, Inject } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Redis } from 'ioredis';
import type { DataSource } from 'typeorm';
import { DependencyUnavailableError, Public, REDIS } from '@tuki/platform';

const withTimeout = <T>(promise: Promise<T>, ms: number): Promise<T> =>
  Promise.race([promise, new Promise<T>((_, reject) => setTimeout(() => reject(new Error('timeout')), ms).unref())]);

@ApiTags('operations')
@Controller()
export class HealthController {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(REDIS) private readonly redis: Redis,
  ) {}

  /** Alive: the process answers. Says nothing about its dependencies, so an orchestrator does not restart it for them. */
  @Get('health')
  @Public('liveness probe')
  health(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /** Ready: the database and Redis both answer now. */
  @Get('ready')
  @HttpCode(200)
  @Public('readiness probe')
  async ready(): Promise<{ status: 'ok'; database: 'ok'; redis: 'ok' }> {
    const [database, redis] = await Promise.allSettled([
      withTimeout(this.dataSource.query('SELECT 1'), 2000),
      withTimeout(this.redis.ping(), 2000),
    ]);
    if (database.status === 'rejected' || redis.status === 'rejected') {
      throw new DependencyUnavailableError('Not ready', {
        details: {
          database: database.status === 'fulfilled' ? 'ok' : 'down',
          redis: redis.status === 'fulfilled' ? 'ok' : 'down',
        },
      });
    }
    return { status: 'ok', database: 'ok', redis: 'ok' };
  }
}
