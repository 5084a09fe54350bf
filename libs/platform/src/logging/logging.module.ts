import { Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { IncomingMessage } from 'node:http';
import { TUKI_CONFIG, type TukiConfig } from '../config/tuki-config';

/**
 * Fields that may hold personal data or secrets, wherever they appear in a log object. Request bodies are never
 * logged at all: a caller's message or number must not reach a log file.
 */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-forwarded-for"]',
  'req.body',
  '*.password',
  '*.newPassword',
  '*.totp',
  '*.code',
  '*.token',
  '*.accessToken',
  '*.refreshToken',
  '*.phone',
  '*.phoneNumber',
  '*.caller',
  '*.number',
  '*.name',
  '*.displayName',
  '*.email',
  '*.login',
  '*.note',
  '*.text',
  'err.parameters',
  'err.query',
  'err.driverError',
];

/** Structured JSON logs (pino) with personal fields redacted; the URL is logged without its query string. */
@Module({
  imports: [
    LoggerModule.forRootAsync({
      inject: [TUKI_CONFIG],
      useFactory: (config: TukiConfig) => ({
        pinoHttp: {
          level: config.logLevel,
          redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
          serializers: {
            req: (req: IncomingMessage & { id?: unknown }) => ({
              id: req.id,
              method: req.method,
              url: (req.url ?? '').split('?')[0],
            }),
            res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
          },
          autoLogging: { ignore: (req: IncomingMessage) => req.url === '/health' || req.url === '/ready' },
        },
      }),
    }),
  ],
})
export class LoggingModule {}
