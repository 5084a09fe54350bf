import { Injectable } from '@nestjs/common';
import twilio from 'twilio';

/**
 * The HTTP client Twilio's helper library sends REST requests through: its own RequestClient (timeouts, retries on
 * 429), as a provider of its own so the end-to-end tests can record what would go to Twilio without a network.
 * Twilio's request logging stays off: request bodies carry phone numbers.
 */
@Injectable()
export class TwilioHttp extends twilio.RequestClient {
  constructor() {
    super({ timeout: 10_000, autoRetry: true, maxRetries: 2 });
  }
}
