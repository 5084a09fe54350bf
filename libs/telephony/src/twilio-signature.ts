import twilio from 'twilio';

/**
 * The URL Twilio signed: the public address it was given (PUBLIC_BASE_URL, so a TLS proxy in front of Tuki changes
 * nothing) followed by the path and query as the request arrived. Twilio signs exactly what it was configured with.
 */
export function signedUrl(publicBaseUrl: string, pathAndQuery: string): string {
  return `${publicBaseUrl.replace(/\/+$/, '')}${pathAndQuery.startsWith('/') ? '' : '/'}${pathAndQuery}`;
}

/**
 * Whether `signature` (the X-Twilio-Signature header) is Twilio's HMAC-SHA1 of the URL and the posted parameters under
 * the account's auth token. Twilio's own helper computes it (compared in constant time, with and without the default
 * port). A missing or repeated header is a wrong signature.
 */
export function isSignedByTwilio(
  authToken: string,
  signature: string | string[] | undefined,
  url: string,
  params: Record<string, unknown>,
): boolean {
  if (typeof signature !== 'string' || signature.length === 0) return false;
  return twilio.validateRequest(authToken, signature, url, params);
}
