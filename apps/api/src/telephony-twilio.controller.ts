import { Body, Controller, Header, HttpCode, Inject, Param, Post, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public, TUKI_CONFIG, type TukiConfig } from '@tuki/platform';
import { InvalidWebhookError, renderTwiml, signedUrl, type TwimlUrls, type VoiceStep } from '@tuki/telephony';
import { uuidParam } from './route-params';
import { TelephonyVoice, type CallRef } from './telephony-voice';
import { TwilioSignatureGuard } from './telephony-twilio.guard';

/** The fields of Twilio's voice webhooks that Tuki reads (Twilio sends many more; they are ignored). */
interface TwilioVoiceParams {
  CallSid?: unknown;
  From?: unknown;
  To?: unknown;
  Digits?: unknown;
  CallStatus?: unknown;
}

/** Call statuses that mean the call is over (https://www.twilio.com/docs/voice/api/call-resource#call-status-values). */
const ENDED = new Set(['completed', 'busy', 'failed', 'no-answer', 'canceled']);
const TWIML = 'text/xml; charset=utf-8';

/**
 * Twilio Programmable Voice. Configure the helpline's Twilio number with the voice URL
 * `PUBLIC_BASE_URL/telephony/twilio/<helplineId>/voice` and the status callback URL `.../status` (both POST); the
 * TwiML Tuki answers names the other two. Every request must carry Twilio's signature (TwilioSignatureGuard).
 */
@ApiExcludeController()
@Controller('telephony/twilio/:helplineId')
@UseGuards(TwilioSignatureGuard)
export class TelephonyTwilioController {
  constructor(
    private readonly voice: TelephonyVoice,
    @Inject(TUKI_CONFIG) private readonly config: TukiConfig,
  ) {}

  @Post('voice')
  @HttpCode(200)
  @Header('content-type', TWIML)
  @Public('Twilio: a call comes in; signed by Twilio, checked by the signature')
  async incoming(@Param('helplineId', uuidParam) helplineId: string, @Body() body: TwilioVoiceParams): Promise<string> {
    const step = await this.voice.incoming(this.refOf(helplineId, body), text(body.To));
    return this.render(helplineId, step);
  }

  @Post('wait')
  @HttpCode(200)
  @Header('content-type', TWIML)
  @Public("Twilio: the hold loop's next turn; signed by Twilio, checked by the signature")
  async next(@Param('helplineId', uuidParam) helplineId: string, @Body() body: TwilioVoiceParams): Promise<string> {
    return this.render(helplineId, await this.voice.next(this.refOf(helplineId, body)));
  }

  @Post('keys')
  @HttpCode(200)
  @Header('content-type', TWIML)
  @Public('Twilio: the caller pressed a key; signed by Twilio, checked by the signature')
  async keys(@Param('helplineId', uuidParam) helplineId: string, @Body() body: TwilioVoiceParams): Promise<string> {
    return this.render(helplineId, await this.voice.keyPress(this.refOf(helplineId, body), text(body.Digits)));
  }

  /** Twilio's status callback: a call that ended while waiting is an abandon. Twilio ignores the answer's body. */
  @Post('status')
  @HttpCode(204)
  @Public('Twilio: a call changed status; signed by Twilio, checked by the signature')
  async status(@Param('helplineId', uuidParam) helplineId: string, @Body() body: TwilioVoiceParams): Promise<void> {
    if (ENDED.has(text(body.CallStatus) ?? '')) await this.voice.hungUp(this.refOf(helplineId, body));
  }

  private refOf(helplineId: string, body: TwilioVoiceParams): CallRef {
    const callId = text(body.CallSid);
    if (!callId || !/^CA[0-9a-f]{32}$/.test(callId)) throw new InvalidWebhookError('CallSid must be a Twilio call id');
    return { helplineId, provider: 'twilio', callId, from: text(body.From) };
  }

  private render(helplineId: string, step: VoiceStep): string {
    const base = signedUrl(this.config.http.publicBaseUrl, `/telephony/twilio/${helplineId}`);
    const urls: TwimlUrls = { waiting: `${base}/wait`, keys: `${base}/keys` };
    return renderTwiml(step, urls);
  }
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
