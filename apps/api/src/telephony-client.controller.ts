import { Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles, type Principal } from '@tuki/platform';
import { BrowserClientTokens } from '@tuki/telephony';

/** The agent's browser takes calls through Twilio's Voice SDK with a short-lived token of its own. */
@ApiTags('telephony')
@ApiBearerAuth()
@Controller('telephony')
export class TelephonyClientController {
  constructor(private readonly tokens: BrowserClientTokens) {}

  @Post('client-token')
  @HttpCode(200)
  @Roles('agent')
  clientToken(@CurrentPrincipal() principal: Principal): { token: string; identity: string; expiresAt: number } {
    return this.tokens.issue(principal.userId);
  }
}
