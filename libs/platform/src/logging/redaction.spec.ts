import { Writable } from 'node:stream';
import pino from 'pino';
import { REDACTED_PATHS } from './logging.module';

function capture(): { logger: pino.Logger; lines: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  return {
    logger: pino({ redact: { paths: REDACTED_PATHS, censor: '[redacted]' } }, stream),
    lines: () => chunks.join(''),
  };
}

describe('log redaction', () => {
  it('keeps passwords, tokens, phone numbers, names and note text out of the logs', () => {
    const { logger, lines } = capture();
    logger.info(
      {
        req: { headers: { authorization: 'Bearer eyJsecret', cookie: 'sid=abc' }, body: { note: 'I was blackmailed' } },
        dto: { login: 'maija.k', password: 'hunter2hunter2', phoneNumber: '+358401234567', displayName: 'Maija K' },
        err: { message: 'query failed', parameters: ['+358401234567'], query: 'INSERT ...' },
      },
      'request',
    );
    const output = lines();
    for (const secret of [
      'eyJsecret',
      'sid=abc',
      'blackmailed',
      'maija.k',
      'hunter2',
      '+358401234567',
      'Maija K',
      'INSERT',
    ]) {
      expect({ secret, leaked: output.includes(secret) }).toEqual({ secret, leaked: false });
    }
    expect(output).toContain('query failed');
  });
});
