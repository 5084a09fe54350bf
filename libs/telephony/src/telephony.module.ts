import { Module } from '@nestjs/common';
import { DatabaseModule } from '@tuki/platform';
import { AgentPhone } from './agent-phone.entity';
import { AgentPhones } from './agent-phones.service';
import { BrowserClientTokens } from './browser-client-tokens';
import { AddCallTriage1765600000000 } from './migrations/1765600000000-AddCallTriage';
import { CreateTelephony1765000000000 } from './migrations/1765000000000-CreateTelephony';
import { TelephonyCall } from './telephony-call.entity';
import { TelephonyCalls } from './telephony-calls.service';
import { TelephonySettingsRow } from './telephony-settings.entity';
import { TelephonySettingsService } from './telephony-settings.service';
import { TwilioDialler } from './twilio-dialler';
import { TwilioHttp } from './twilio-http';

/**
 * Phone calls: each helpline's numbers and prompts settings, the provider calls Tuki is handling, agents' sealed
 * phones, Twilio's TwiML and signatures, and the Twilio dialler for callbacks. It knows nothing of queueing: the api
 * turns calls into contacts of channel `voice`.
 */
@Module({
  imports: [
    DatabaseModule.forFeature(
      [TelephonySettingsRow, TelephonyCall, AgentPhone],
      [CreateTelephony1765000000000, AddCallTriage1765600000000],
    ),
  ],
  providers: [TelephonySettingsService, TelephonyCalls, AgentPhones, TwilioHttp, TwilioDialler, BrowserClientTokens],
  exports: [TelephonySettingsService, TelephonyCalls, AgentPhones, TwilioHttp, TwilioDialler, BrowserClientTokens],
})
export class TelephonyModule {}
