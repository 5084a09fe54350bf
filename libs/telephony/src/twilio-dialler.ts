import { Inject, Injectable, Logger } from '@nestjs/common';
import twilio from 'twilio';
import type { DialRequest, DialResult, Dialler } from '@tuki/contracts';
import { TUKI_CONFIG, type TukiConfig } from '@tuki/platform';
import { AgentPhones } from './agent-phones.service';
import { e164OrUndefined } from './phone-number';
import { TelephonySettingsService } from './telephony-settings.service';
import { CallPlacementError, DialNumberMissingError, TelephonyUnavailableError } from './telephony.errors';
import { renderTwiml } from './twiml';
import { TwilioHttp } from './twilio-http';
import { signedUrl } from './twilio-signature';
import { prompts } from './voice-prompts';
import type { VoiceLanguage } from './voice-step';

/** How long Twilio rings the agent before giving up. */
const RING_AGENT_SECONDS = 30;

/**
 * Callbacks placed by Twilio: the first leg rings the agent (their phone, or their browser client) showing the
 * helpline's number; when the agent answers, the leg's TwiML tells them it is a callback and dials the caller, again
 * showing the helpline's number. The caller's number goes to Twilio inside that TwiML only: it is not stored here,
 * not in a URL, not in a log, and the agent never sees it.
 */
@Injectable()
export class TwilioDialler implements Dialler {
  readonly mode = 'provider' as const;
  private readonly logger = new Logger(TwilioDialler.name);

  constructor(
    @Inject(TUKI_CONFIG) private readonly config: TukiConfig,
    private readonly settings: TelephonySettingsService,
    private readonly agents: AgentPhones,
    private readonly http: TwilioHttp,
  ) {}

  async dial(request: DialRequest): Promise<DialResult> {
    const account = this.config.telephony.twilio;
    if (!account) throw new TelephonyUnavailableError('no Twilio account is configured');
    const caller = e164OrUndefined(request.number);
    if (caller === undefined) throw new DialNumberMissingError();
    const settings = await this.settings.read(request.helplineId);
    if (!settings.callerId) throw new TelephonyUnavailableError("the helpline's caller id is not set");
    const language: VoiceLanguage = settings.lines[0]?.language ?? 'en';
    const agent = await this.agents.endpointOf(request.helplineId, request.agentId);
    // When the caller's leg ends, Twilio reports how (DialCallStatus) there, and the attempt's outcome is recorded.
    const result = `${signedUrl(this.config.http.publicBaseUrl, `/telephony/twilio/${request.helplineId}/callback-result`)}?callback=${request.callbackId}&attempt=${request.attempt}`;
    const twiml = renderTwiml(
      {
        kind: 'bridge',
        say: [prompts.callbackLeg(language)],
        to: { kind: 'phone', number: caller },
        callerId: settings.callerId,
      },
      { waiting: result, keys: result },
    );
    const client = twilio(account.accountSid, account.authToken, { httpClient: this.http });
    try {
      const call = await client.calls.create({
        to: agent.kind === 'phone' ? agent.number : `client:${agent.identity}`,
        from: settings.callerId,
        twiml,
        timeout: RING_AGENT_SECONDS,
      });
      return { mode: 'provider', callId: call.sid };
    } catch (error) {
      // Twilio's messages can repeat the number they refused: keep only its error code.
      const raw = (error as { code?: unknown }).code;
      const code = typeof raw === 'number' || typeof raw === 'string' ? String(raw) : 'unknown';
      this.logger.warn(`Twilio refused a callback leg (code ${code})`);
      throw new CallPlacementError(code);
    }
  }
}
