import { Body, Controller, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles, staffActor, type Principal } from '@tuki/platform';
import { uuidParam } from './route-params';
import { CreateStaffUserDto, StaffUsersService, StaffUserView, UpdateStaffUserDto } from '@tuki/staff';

@ApiTags('staff')
@ApiBearerAuth()
@Controller('staff')
export class StaffController {
  constructor(private readonly users: StaffUsersService) {}

  @Get('me')
  @Roles('agent', 'supervisor', 'admin', 'analyst')
  @ApiOkResponse({ type: StaffUserView })
  me(@CurrentPrincipal() principal: Principal): Promise<StaffUserView> {
    return this.users.get(principal.helplineId, principal.userId);
  }

  @Get('users')
  @Roles('admin', 'supervisor')
  @ApiOkResponse({ type: [StaffUserView] })
  list(@CurrentPrincipal() principal: Principal): Promise<StaffUserView[]> {
    return this.users.list(principal.helplineId);
  }

  @Post('users')
  @Roles('admin')
  @ApiOkResponse({ type: StaffUserView })
  create(@CurrentPrincipal() principal: Principal, @Body() dto: CreateStaffUserDto): Promise<StaffUserView> {
    return this.users.create(principal.helplineId, dto, staffActor(principal));
  }

  @Get('users/:id')
  @Roles('admin', 'supervisor')
  @ApiOkResponse({ type: StaffUserView })
  get(@CurrentPrincipal() principal: Principal, @Param('id', uuidParam) userId: string): Promise<StaffUserView> {
    return this.users.get(principal.helplineId, userId);
  }

  @Patch('users/:id')
  @Roles('admin')
  @ApiOkResponse({ type: StaffUserView })
  update(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuidParam) userId: string,
    @Body() dto: UpdateStaffUserDto,
  ): Promise<StaffUserView> {
    return this.users.update(principal, userId, dto);
  }

  /** Clears the sign-in delay of an account that wrong passwords have slowed down. */
  @Post('users/:id/unlock')
  @HttpCode(204)
  @Roles('admin')
  async unlock(@CurrentPrincipal() principal: Principal, @Param('id', uuidParam) userId: string): Promise<void> {
    await this.users.unlock(principal, userId);
  }

  /**
   * Forgets the account's second factor (a lost phone): its tokens and sockets end, and the user sets up a new
   * authenticator at their next sign-in. Audited; an account without one is left as it is.
   */
  @Post('users/:id/mfa-reset')
  @HttpCode(200)
  @Roles('admin')
  @ApiOkResponse({ type: StaffUserView })
  resetMfa(@CurrentPrincipal() principal: Principal, @Param('id', uuidParam) userId: string): Promise<StaffUserView> {
    return this.users.resetMfa(principal, userId);
  }
}
