import { Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { RoutingEngine } from '@tuki/assignment';
import { CurrentPrincipal, Roles, type Principal } from '@tuki/platform';
import { ContactView } from '@tuki/queueing';
import { uuidParam } from './route-params';

/** An agent answers the offer they were sent (by contact id); only the agent it went to can. */
@ApiTags('offers')
@ApiBearerAuth()
@Controller('offers')
export class OffersController {
  constructor(private readonly routing: RoutingEngine) {}

  @Post(':id/accept')
  @HttpCode(200)
  @Roles('agent')
  @ApiOkResponse({ type: ContactView })
  accept(@CurrentPrincipal() principal: Principal, @Param('id', uuidParam) contactId: string): Promise<ContactView> {
    return this.routing.accept(principal.helplineId, principal.userId, contactId);
  }

  @Post(':id/decline')
  @HttpCode(204)
  @Roles('agent')
  async decline(@CurrentPrincipal() principal: Principal, @Param('id', uuidParam) contactId: string): Promise<void> {
    await this.routing.decline(principal.helplineId, principal.userId, contactId);
  }
}
