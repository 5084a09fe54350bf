import { Inject, Injectable } from '@nestjs/common';
import twilio from 'twilio';
import { Clock, TUKI_CONFIG, type TukiConfig } from '@tuki/platform';
import { TelephonyNotConfiguredError } from './telephony.errors';
import { agentClientIdentity } from './voice-step';

/** An hour: a shift's desk asks for a new one before it runs out; a stolen one is short-lived. */
const TOKEN_TTL_SECONDS = 3600;

/**
 * Access tokens for an agent's browser to take calls through Twilio's Voice SDK: it registers as
 * `client:agent-<id>`, the endpoint bridging dials when the agent has no phone on their profile. Incoming calls only:
 * the browser cannot place calls of its own through Tuki's account.
 */
@Injectable()
export class BrowserClientTokens {
  constructor(
    @Inject(TUKI_CONFIG) private readonly config: TukiConfig,
    private readonly clock: Clock,
  ) {}

  issue(agentId: string): { token: string; identity: string; expiresAt: number } {
    const account = this.config.telephony.twilio;
    if (!account?.apiKey) throw new TelephonyNotConfiguredError('no Twilio API key is configured for browser calls');
    const identity = agentClientIdentity(agentId);
    const token = new twilio.jwt.AccessToken(account.accountSid, account.apiKey.sid, account.apiKey.secret, {
      identity,
      ttl: TOKEN_TTL_SECONDS,
    });
    token.addGrant(new twilio.jwt.AccessToken.VoiceGrant({ incomingAllow: true }));
    return { token: token.toJwt(), identity, expiresAt: this.clock.nowMs() + TOKEN_TTL_SECONDS * 1000 };
  }
}
