import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CareSettingsDto, CareSettingsService, type CareSettings } from '@tuki/agents';
import { CurrentPrincipal, Roles, type Principal } from '@tuki/platform';

/**
 * Counsellor care: how many high-risk contacts in a row an agent is offered, the pause after each, and how long a
 * high-risk caller may be held back by the cap. Every desk may read them (the agent's desk explains its care pause);
 * only an admin changes them, audited.
 */
@ApiTags('agents')
@ApiBearerAuth()
@Controller('care-settings')
export class CareSettingsController {
  constructor(private readonly settings: CareSettingsService) {}

  @Get()
  @Roles('supervisor', 'admin', 'agent')
  @ApiOkResponse({ type: CareSettingsDto })
  read(@CurrentPrincipal() principal: Principal): Promise<CareSettings> {
    return this.settings.read(principal.helplineId);
  }

  /** Replaces the settings as a whole (each field named when refused). Takes effect on every process at once. */
  @Put()
  @Roles('admin')
  @ApiOkResponse({ type: CareSettingsDto })
  replace(@CurrentPrincipal() principal: Principal, @Body() dto: CareSettingsDto): Promise<CareSettings> {
    return this.settings.replace(principal, dto);
  }
}
