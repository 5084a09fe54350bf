import { Inject, Injectable, Logger, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { TUKI_CONFIG, type TukiConfig } from '@tuki/platform';
import {
  InvalidWebhookError,
  TelephonyUnavailableError,
  WebhookSignatureError,
  isSignedByTwilio,
  signedUrl,
} from '@tuki/telephony';

/**
 * Lets a request through only if Twilio signed it: `X-Twilio-Signature` must be the HMAC of PUBLIC_BASE_URL + the
 * path and query as received, and the posted form, under the account's auth token. Checked against the public
 * address, not the one the request reached, so it works behind a TLS proxy (which must keep the path and query).
 * Anything that is not a form post is refused first (400): Twilio never sends one, and nothing about the helpline is
 * looked at. Runs before the handler, so a refused request creates nothing.
 */
@Injectable()
export class TwilioSignatureGuard implements CanActivate {
  private readonly logger = new Logger(TwilioSignatureGuard.name);

  constructor(@Inject(TUKI_CONFIG) private readonly config: TukiConfig) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const type = String(request.headers['content-type'] ?? '');
    if (
      !type.toLowerCase().startsWith('application/x-www-form-urlencoded') ||
      typeof request.body !== 'object' ||
      request.body === null
    )
      throw new InvalidWebhookError('Twilio posts application/x-www-form-urlencoded');
    const account = this.config.telephony.twilio;
    if (!account) throw new TelephonyUnavailableError('no Twilio account is configured');
    const url = signedUrl(this.config.http.publicBaseUrl, request.url);
    if (
      !isSignedByTwilio(
        account.authToken,
        request.headers['x-twilio-signature'],
        url,
        request.body as Record<string, unknown>,
      )
    ) {
      // Neither the parameters nor the URL's query are logged: they carry the caller's number.
      this.logger.warn(
        `Refused a Twilio webhook with a missing or wrong signature (${request.routeOptions.url ?? 'route'})`,
      );
      throw new WebhookSignatureError();
    }
    return true;
  }
}
