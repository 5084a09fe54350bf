import { Body, Controller, Get, Patch } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles, type Principal } from '@tuki/platform';
import { HelplinesService, HelplineView, UpdateHelplineDto } from '@tuki/staff';

/** The signed-in user's own helpline; there is no route to another helpline's settings. */
@ApiTags('helpline')
@ApiBearerAuth()
@Controller('helpline')
export class HelplineController {
  constructor(private readonly helplines: HelplinesService) {}

  @Get()
  @Roles('agent', 'supervisor', 'admin', 'analyst')
  @ApiOkResponse({ type: HelplineView })
  get(@CurrentPrincipal() principal: Principal): Promise<HelplineView> {
    return this.helplines.get(principal.helplineId);
  }

  @Patch()
  @Roles('admin')
  @ApiOkResponse({ type: HelplineView })
  update(@CurrentPrincipal() principal: Principal, @Body() dto: UpdateHelplineDto): Promise<HelplineView> {
    return this.helplines.update(principal.helplineId, dto);
  }
}
