import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles, type Principal } from '@tuki/platform';
import {
  CreateServiceCredentialDto,
  CreatedServiceCredentialView,
  ServiceCredentialsService,
  ServiceCredentialView,
} from '@tuki/staff';
import { uuidParam } from './route-params';

/** Admins issue and revoke the credentials that channel adapters (telephony, chat gateway) present. */
@ApiTags('service credentials')
@ApiBearerAuth()
@Controller('service-credentials')
export class ServiceCredentialsController {
  constructor(private readonly credentials: ServiceCredentialsService) {}

  @Get()
  @Roles('admin')
  @ApiOkResponse({ type: [ServiceCredentialView] })
  list(@CurrentPrincipal() principal: Principal): Promise<ServiceCredentialView[]> {
    return this.credentials.list(principal.helplineId);
  }

  @Post()
  @Roles('admin')
  @ApiOkResponse({ type: CreatedServiceCredentialView })
  create(
    @CurrentPrincipal() principal: Principal,
    @Body() dto: CreateServiceCredentialDto,
  ): Promise<CreatedServiceCredentialView> {
    return this.credentials.create(principal.helplineId, dto.name);
  }

  @Delete(':id')
  @HttpCode(204)
  @Roles('admin')
  async revoke(@CurrentPrincipal() principal: Principal, @Param('id', uuidParam) id: string): Promise<void> {
    await this.credentials.revoke(principal.helplineId, id);
  }
}
