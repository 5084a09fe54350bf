import {
  BadRequestException,
  Body,
  Controller,
  Header,
  HttpCode,
  Inject,
  Logger,
  Param,
  ParseIntPipe,
  Post,
  Query,
  UseGuards,
} from '@nestjs/common';
import type { CallbackOutcome } from '@tuki/callbacks';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public, TUKI_CONFIG, type TukiConfig } from '@tuki/platform';
import { InvalidWebhookError, renderTwiml, signedUrl, type TwimlUrls, type VoiceStep } from '@tuki/telephony';
import { CallbackOutcomes } from './callback-outcomes';
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
 * How the call to the caller ended, as a callback outcome. A failed call is counted as not answered: Twilio cannot tell
 * a wrong number from a network failure, and `wrong-number` would stop every later attempt.
 */
const DIAL_OUTCOMES: Record<string, CallbackOutcome | undefined> = {
  completed: 'reached',
  answered: 'reached',
  busy: 'busy',
  'no-answer': 'no-answer',
  failed: 'no-answer',
};
const attemptParam = new ParseIntPipe({
  exceptionFactory: () => new BadRequestException('attempt must be a whole number'),
});

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
    private readonly outcomes: CallbackOutcomes,
    @Inject(TUKI_CONFIG) private readonly config: TukiConfig,
  ) {}

  private readonly logger = new Logger(TelephonyTwilioController.name);

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

  /**
   * A provider-placed callback's call to the caller ended (the `<Dial action>` of the agent's leg): how it ended is the
   * attempt's outcome, unless the agent recorded one first. The agent's leg then ends.
   */
  @Post('callback-result')
  @HttpCode(200)
  @Header('content-type', TWIML)
  @Public("Twilio: a placed callback's call ended; signed by Twilio, checked by the signature")
  async callbackResult(
    @Param('helplineId', uuidParam) helplineId: string,
    @Query('callback', uuidParam) callbackId: string,
    @Query('attempt', attemptParam) attempt: number,
    @Body() body: { DialCallStatus?: unknown },
  ): Promise<string> {
    const outcome = DIAL_OUTCOMES[text(body.DialCallStatus) ?? ''];
    if (outcome) {
      await this.outcomes
        .record(helplineId, { dialler: 'twilio' }, callbackId, attempt, outcome)
        .catch((error: unknown) => {
          // Already recorded by the agent (or the attempt is gone): theirs stands.
          this.logger.debug(`Callback outcome from Twilio not recorded: ${(error as Error).name}`);
        });
    }
    return renderTwiml({ kind: 'hang-up', say: [] }, null);
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
