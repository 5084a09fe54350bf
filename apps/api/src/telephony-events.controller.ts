import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentService, ServiceOnly, type ServicePrincipal } from '@tuki/platform';
import { InvalidWebhookError, type VoiceStep } from '@tuki/telephony';
import { CallEventDto } from './telephony-events.dto';
import { TelephonyVoice } from './telephony-voice';

/**
 * The provider-neutral call webhook: any telephony adapter holding a service credential reports call events and gets
 * back the next step (`hold`, `ask`, `bridge`, `hang-up`; see libs/telephony/src/voice-step.ts) as JSON. The Twilio
 * adapter drives the same flow through its own signed webhooks.
 */
@ApiTags('telephony')
@ApiBearerAuth()
@Controller('telephony/calls')
export class TelephonyEventsController {
  constructor(private readonly voice: TelephonyVoice) {}

  @Post('events')
  @HttpCode(200)
  @ServiceOnly('telephony adapters report call events')
  @ApiOkResponse({ description: '{ step: VoiceStep | null }' })
  async event(
    @CurrentService() service: ServicePrincipal,
    @Body() dto: CallEventDto,
  ): Promise<{ step: VoiceStep | null }> {
    const ref = { helplineId: service.helplineId, provider: 'adapter', callId: dto.callId, from: dto.from };
    switch (dto.event) {
      case 'incoming':
        if (!dto.to) throw new InvalidWebhookError('incoming needs to: the number dialled');
        return { step: await this.voice.incoming(ref, dto.to) };
      case 'waiting':
        return { step: await this.voice.next(ref) };
      case 'key-press':
        return { step: await this.voice.keyPress(ref, dto.digits) };
      case 'answered':
        // The bridge is recorded when it is handed out; the agent's answer changes nothing for the flow.
        return { step: null };
      case 'hung-up':
        await this.voice.hungUp(ref);
        return { step: null };
    }
  }
}
