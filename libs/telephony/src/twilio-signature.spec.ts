import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isSignedByTwilio, signedUrl } from './twilio-signature';

/** Twilio's documented example (twilio.com/docs/usage/security#validating-requests), kept as a fixture. */
const example = JSON.parse(
  readFileSync(join(__dirname, '../../../test/fixtures/twilio/documented-signature-example.json'), 'utf8'),
) as { authToken: string; url: string; params: Record<string, string>; signature: string };

describe('Twilio webhook signatures', () => {
  it("accepts Twilio's documented example", () => {
    expect(isSignedByTwilio(example.authToken, example.signature, example.url, example.params)).toBe(true);
  });

  it('refuses the example with one parameter changed, another URL, another token, or no signature', () => {
    expect(
      isSignedByTwilio(example.authToken, example.signature, example.url, { ...example.params, Digits: '1235' }),
    ).toBe(false);
    expect(
      isSignedByTwilio(example.authToken, example.signature, example.url.replace('bar=2', 'bar=3'), example.params),
    ).toBe(false);
    expect(isSignedByTwilio('54321', example.signature, example.url, example.params)).toBe(false);
    expect(isSignedByTwilio(example.authToken, undefined, example.url, example.params)).toBe(false);
    expect(
      isSignedByTwilio(example.authToken, [example.signature, example.signature], example.url, example.params),
    ).toBe(false);
  });

  it('checks against the public address, whatever address the request reached behind the proxy', () => {
    expect(signedUrl('https://helpline.example.org/', '/telephony/twilio/x/voice?a=1')).toBe(
      'https://helpline.example.org/telephony/twilio/x/voice?a=1',
    );
    expect(signedUrl('https://mycompany.com', '/myapp.php?foo=1&bar=2')).toBe(example.url);
  });
});
