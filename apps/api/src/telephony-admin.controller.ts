import { Body, Controller, Delete, Get, HttpCode, Param, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsString, MaxLength } from 'class-validator';
import { CurrentPrincipal, Roles, type Principal } from '@tuki/platform';
import { RoutingQueueNotFoundError, RoutingQueuesService } from '@tuki/queueing';
import { StaffUsersService } from '@tuki/staff';
import {
  AgentPhones,
  InvalidTelephonySettingsError,
  TelephonySettingsService,
  type TelephonySettings,
} from '@tuki/telephony';
import { uuidParam } from './route-params';

export class AgentPhoneDto {
  @ApiProperty({ description: "the agent's phone in E.164 (+358401234567); sealed, never shown back" })
  @IsString()
  @MaxLength(40)
  number: string;
}

/** Telephony administration: the helpline's numbers and prompts, and the phones agents take calls on. */
@ApiTags('telephony')
@ApiBearerAuth()
@Controller()
export class TelephonyAdminController {
  constructor(
    private readonly settings: TelephonySettingsService,
    private readonly queues: RoutingQueuesService,
    private readonly phones: AgentPhones,
    private readonly users: StaffUsersService,
  ) {}

  @Get('telephony-settings')
  @Roles('admin', 'supervisor')
  read(@CurrentPrincipal() principal: Principal): Promise<TelephonySettings> {
    return this.settings.read(principal.helplineId);
  }

  /** Replaces the settings as a whole; every line's queue must be one of the helpline's. */
  @Put('telephony-settings')
  @Roles('admin')
  async replace(@CurrentPrincipal() principal: Principal, @Body() body: unknown): Promise<TelephonySettings> {
    const settings = this.settings.parse(body);
    const problems: string[] = [];
    for (const [i, line] of settings.lines.entries()) {
      try {
        const queue = await this.queues.get(principal.helplineId, line.queueId);
        if (!queue.languages.includes(line.language))
          problems.push(`lines.${i}.language: the queue does not serve ${line.language}`);
      } catch (error) {
        if (!(error instanceof RoutingQueueNotFoundError)) throw error;
        problems.push(`lines.${i}.queueId: no such queue`);
      }
    }
    if (problems.length > 0) throw new InvalidTelephonySettingsError(problems);
    return this.settings.replace(principal, settings);
  }

  @Get('telephony/agents/:id/phone')
  @Roles('admin')
  async phone(@CurrentPrincipal() principal: Principal, @Param('id', uuidParam) id: string): Promise<{ set: boolean }> {
    await this.users.get(principal.helplineId, id);
    return { set: await this.phones.has(principal.helplineId, id) };
  }

  /** The phone the agent's calls are bridged to (and callbacks ring first); without one, their browser client. */
  @Put('telephony/agents/:id/phone')
  @Roles('admin')
  async setPhone(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuidParam) id: string,
    @Body() dto: AgentPhoneDto,
  ): Promise<{ set: true }> {
    await this.users.get(principal.helplineId, id);
    await this.phones.set(principal.helplineId, id, dto.number);
    return { set: true };
  }

  @Delete('telephony/agents/:id/phone')
  @HttpCode(200)
  @Roles('admin')
  async clearPhone(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuidParam) id: string,
  ): Promise<{ set: false }> {
    await this.users.get(principal.helplineId, id);
    await this.phones.clear(principal.helplineId, id);
    return { set: false };
  }
}
