import { BadRequestException, Body, Controller, Get, Param, Put, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { SupervisorSnapshot } from '@tuki/contracts';
import {
  IntervalRecorder,
  SnapshotBuilder,
  SurgeThresholdsDto,
  SurgeThresholdsService,
  type MetricInterval,
} from '@tuki/metrics';
import { CurrentPrincipal, Roles, type Principal } from '@tuki/platform';
import { uuidParam } from './route-params';

/** The longest history one request may read: 31 days of 15-minute intervals. */
const MAX_HISTORY_MS = 31 * 86_400_000;

/** Live figures and their history over HTTP (the dashboard's socket pushes the same snapshot), and surge thresholds. */
@ApiTags('supervision')
@Controller('supervision')
export class SupervisionController {
  constructor(
    private readonly snapshots: SnapshotBuilder,
    private readonly intervals: IntervalRecorder,
    private readonly thresholds: SurgeThresholdsService,
  ) {}

  @Get('snapshot')
  @Roles('supervisor', 'admin')
  snapshot(@CurrentPrincipal() principal: Principal): Promise<SupervisorSnapshot> {
    return this.snapshots.build(principal.helplineId);
  }

  /** The stored 15-minute intervals between `from` and `to` (epoch ms), at most 31 days. */
  @Get('intervals')
  @Roles('supervisor', 'admin')
  async history(
    @CurrentPrincipal() principal: Principal,
    @Query('from') from?: string,
    @Query('to') to?: string,
  ): Promise<Omit<MetricInterval, 'id' | 'helplineId'>[]> {
    const start = Number(from);
    const end = Number(to);
    if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end) || start < 0 || end <= start) {
      throw new BadRequestException('from and to must be epoch milliseconds with from < to');
    }
    if (end - start > MAX_HISTORY_MS) throw new BadRequestException('at most 31 days of history per request');
    const rows = await this.intervals.between(principal.helplineId, start, end);
    return rows.map(({ id: _id, helplineId: _h, ...row }) => row);
  }

  @Get('surge-thresholds/:queueId')
  @Roles('supervisor', 'admin')
  surgeThresholds(@CurrentPrincipal() principal: Principal, @Param('queueId', uuidParam) queueId: string) {
    return this.thresholds.get(principal.helplineId, queueId);
  }

  @Put('surge-thresholds/:queueId')
  @Roles('supervisor', 'admin')
  setSurgeThresholds(
    @CurrentPrincipal() principal: Principal,
    @Param('queueId', uuidParam) queueId: string,
    @Body() dto: SurgeThresholdsDto,
  ) {
    return this.thresholds.set(principal, queueId, dto);
  }
}
