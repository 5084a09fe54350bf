import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, KeyringStatus, Roles, type KeyringStatusView, type Principal } from '@tuki/platform';

/**
 * The encryption keys as the administration page shows them: ids and dates, when rotation is due, how many of the
 * helpline's data keys wait for a re-wrap. Read-only: rotation is the operator's CLI (`keys add`, `activate`,
 * `rewrap`, `retire`), run where the keyring file lives.
 */
@ApiTags('keys')
@ApiBearerAuth()
@Controller('keys')
export class KeysController {
  constructor(private readonly status: KeyringStatus) {}

  @Get('status')
  @Roles('admin')
  get(@CurrentPrincipal() principal: Principal): Promise<KeyringStatusView> {
    return this.status.of(principal.helplineId);
  }
}
