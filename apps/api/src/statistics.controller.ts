import { BadRequestException, Body, Controller, Get, HttpCode, Param, Post, Put, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { StatisticsExportView } from '@tuki/contracts';
import { CurrentPrincipal, Roles, TransactionRunner, type Principal } from '@tuki/platform';
import {
  CreateStatisticsExportDto,
  PrivacyBudget,
  StatisticsExports,
  StatisticsSettingsService,
  periodsBetween,
  type BudgetView,
  type StatisticsSettings,
} from '@tuki/statistics';
import { uuidParam } from './route-params';

/**
 * Anonymised statistics for NGOs, funders and authorities. Analysts build, run and download exports and nothing
 * else (they have no route to cases, contacts or staff); admins choose the helpline's grain and privacy budget.
 */
@ApiTags('statistics')
@ApiBearerAuth()
@Controller('statistics')
export class StatisticsController {
  constructor(
    private readonly exports: StatisticsExports,
    private readonly settings: StatisticsSettingsService,
    private readonly budget: PrivacyBudget,
    private readonly transactions: TransactionRunner,
  ) {}

  @Get('settings')
  @Roles('analyst', 'admin')
  getSettings(@CurrentPrincipal() principal: Principal): Promise<StatisticsSettings> {
    return this.settings.read(principal.helplineId);
  }

  /** The grain (weeks or months), once; the privacy budget per period; the default k. Audited. */
  @Put('settings')
  @Roles('admin')
  putSettings(@CurrentPrincipal() principal: Principal, @Body() body: unknown): Promise<StatisticsSettings> {
    return this.settings.replace(principal, body);
  }

  /** What is left of each period's privacy budget, shared by all analysts. */
  @Get('budget')
  @Roles('analyst', 'admin')
  async budgetLeft(
    @CurrentPrincipal() principal: Principal,
    @Query('from') from?: string,
    @Query('to') to?: string,
  ): Promise<BudgetView[]> {
    const settings = await this.settings.read(principal.helplineId);
    if (!from || !to) throw new BadRequestException('from and to are periods of the helpline grain');
    let periods: string[];
    try {
      periods = periodsBetween(from, to, settings.grain);
    } catch (error) {
      throw new BadRequestException((error as Error).message);
    }
    return this.transactions.run((manager) =>
      this.budget.view(manager, principal.helplineId, periods, settings.epsilonBudgetPerPeriod),
    );
  }

  /** Queues an export; 202 with its state to follow. The privacy budget is charged here, or the export refused. */
  @Post('exports')
  @HttpCode(202)
  @Roles('analyst')
  request(
    @CurrentPrincipal() principal: Principal,
    @Body() dto: CreateStatisticsExportDto,
  ): Promise<StatisticsExportView> {
    return this.exports.request(principal, dto.report ?? 'custom', dto.query);
  }

  @Get('exports')
  @Roles('analyst')
  list(@CurrentPrincipal() principal: Principal): Promise<StatisticsExportView[]> {
    return this.exports.list(principal);
  }

  @Get('exports/:id')
  @Roles('analyst')
  get(@CurrentPrincipal() principal: Principal, @Param('id', uuidParam) id: string): Promise<StatisticsExportView> {
    return this.exports.get(principal, id);
  }

  /** The file (CSV by default, or `?format=json`), its method in its first lines. Each download is audited. */
  @Get('exports/:id/download')
  @Roles('analyst')
  async download(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuidParam) id: string,
    @Res() reply: FastifyReply,
    @Query('format') format: string = 'csv',
  ): Promise<void> {
    if (format !== 'csv' && format !== 'json') throw new BadRequestException('format must be csv or json');
    const file = await this.exports.download(principal, id, format);
    void reply
      .header('content-type', file.type)
      .header('content-disposition', `attachment; filename="tuki-statistics-${id}.${format}"`)
      .header('cache-control', 'no-store')
      .send(file.body);
  }
}
