import { Body, Controller, HttpCode, Post, Req } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { Public } from '@tuki/platform';
import { MfaConfirmDto, MfaEnrolmentView, RefreshDto, SignInDto, SignInService, TokensView } from '@tuki/staff';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(private readonly signIn: SignInService) {}

  @Post('sign-in')
  @HttpCode(200)
  @Public('staff sign in here; throttled per account and address')
  @ApiOkResponse({ type: TokensView })
  signInWithPassword(@Body() dto: SignInDto, @Req() request: FastifyRequest): Promise<TokensView> {
    return this.signIn.signIn(dto, request.ip);
  }

  @Post('refresh')
  @HttpCode(200)
  @Public('the refresh token is the credential')
  @ApiOkResponse({ type: TokensView })
  refresh(@Body() dto: RefreshDto): Promise<TokensView> {
    return this.signIn.refresh(dto.refreshToken);
  }

  @Post('sign-out')
  @HttpCode(204)
  @Public('the refresh token is the credential')
  async signOut(@Body() dto: RefreshDto): Promise<void> {
    await this.signIn.signOut(dto.refreshToken);
  }

  @Post('mfa/enrol')
  @HttpCode(200)
  @Public('password-checked and throttled like sign-in')
  @ApiOkResponse({ type: MfaEnrolmentView })
  enrol(@Body() dto: SignInDto, @Req() request: FastifyRequest): Promise<MfaEnrolmentView> {
    return this.signIn.beginMfaEnrolment(dto, request.ip);
  }

  @Post('mfa/confirm')
  @HttpCode(200)
  @Public('password-checked and throttled like sign-in')
  @ApiOkResponse({ type: TokensView })
  confirm(@Body() dto: MfaConfirmDto, @Req() request: FastifyRequest): Promise<TokensView> {
    return this.signIn.confirmMfaEnrolment(dto, request.ip);
  }
}
