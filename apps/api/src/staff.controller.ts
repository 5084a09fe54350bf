import { Body, Controller, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles, type Principal } from '@tuki/platform';
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
    return this.users.create(principal.helplineId, dto);
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
    await this.users.unlock(principal.helplineId, userId);
  }
}
