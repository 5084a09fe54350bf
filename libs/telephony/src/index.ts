// The public door of @tuki/telephony: telephony settings, provider calls, agents' phones, neutral voice steps, Twilio's
// TwiML, signatures and dialler.
export * from './telephony.errors';
export * from './telephony-settings';
export * from './voice-step';
export { prompts, welcomePrompts } from './voice-prompts';
export * from './phone-triage';
export { e164OrUndefined, spokenDigits } from './phone-number';
export { renderTwiml, type TwimlUrls } from './twiml';
export { isSignedByTwilio, signedUrl } from './twilio-signature';
export { TelephonyModule } from './telephony.module';
export { TelephonySettingsService } from './telephony-settings.service';
export { TelephonyCalls } from './telephony-calls.service';
export { CALL_STAGES, type CallStage, type TelephonyCall } from './telephony-call.entity';
export { AgentPhones } from './agent-phones.service';
export { TwilioDialler } from './twilio-dialler';
export { TwilioHttp } from './twilio-http';
export { BrowserClientTokens } from './browser-client-tokens';
