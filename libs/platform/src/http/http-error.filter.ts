import { randomUUID } from 'node:crypto';
import { Catch, HttpException, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { DomainError } from '../errors/domain-error';
import { HTTP_STATUS_OF } from './error-status';

/** The body of every error answer: a stable code and a message safe to show (no personal data). */
export interface ErrorBody {
  statusCode: number;
  code: string;
  message: string;
  details?: Record<string, unknown>;
  correlationId?: string;
}

/**
 * Maps coded domain errors to their HTTP status, keeps Nest's own 4xx (validation) as they are, and turns anything
 * else into a 500 that carries only a correlation id; the error itself is logged under that id.
 */
@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpError');

  catch(error: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const body = this.toBody(error);
    if (body.statusCode === 429 && typeof body.details?.retryAfterSeconds === 'number') {
      void reply.header('retry-after', String(body.details.retryAfterSeconds));
    }
    void reply.status(body.statusCode).send(body);
  }

  private toBody(error: unknown): ErrorBody {
    if (error instanceof DomainError) {
      return {
        statusCode: HTTP_STATUS_OF[error.kind],
        code: error.code,
        message: error.message,
        details: error.details,
      };
    }
    if (error instanceof HttpException) {
      const status = error.getStatus();
      const response = error.getResponse();
      const message =
        typeof response === 'object' && response !== null && 'message' in response
          ? (response as { message: string | string[] }).message
          : error.message;
      return {
        statusCode: status,
        code: status === 400 ? 'VALIDATION_FAILED' : status === 404 ? 'ROUTE_NOT_FOUND' : `HTTP_${status}`,
        message: Array.isArray(message) ? message.join('; ') : message,
      };
    }
    const correlationId = randomUUID();
    this.logger.error({ err: error, correlationId }, 'Unhandled error');
    return { statusCode: 500, code: 'INTERNAL', message: 'Something went wrong', correlationId };
  }
}
