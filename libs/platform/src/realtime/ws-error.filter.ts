import { BadRequestException, Catch, Logger, type ArgumentsHost, type WsExceptionFilter } from '@nestjs/common';
import type { Socket } from 'socket.io';
import { DomainError } from '../errors/domain-error';

/** Socket twin of HttpErrorFilter: a coded `exception` event, or an opaque one for unknown errors. */
@Catch()
export class WsErrorFilter implements WsExceptionFilter {
  private readonly logger = new Logger('WsError');

  catch(error: unknown, host: ArgumentsHost): void {
    const socket = host.switchToWs().getClient<Socket>();
    // The client's acknowledgement callback, when it asked for one: it gets the error too, so it never waits forever.
    const ack = host.getArgByIndex<unknown>(2);
    const answer = (body: { code: string; message: string }) => {
      socket.emit('exception', body);
      if (typeof ack === 'function') (ack as (reply: unknown) => void)({ error: body });
    };
    if (error instanceof DomainError) return answer({ code: error.code, message: error.message });
    // The validation pipe's refusal: its message names every bad field.
    if (error instanceof BadRequestException) return answer({ code: 'VALIDATION_FAILED', message: error.message });
    const message = (error as { message?: unknown })?.message;
    if (typeof message === 'string' && /validation/i.test(message))
      return answer({ code: 'VALIDATION_FAILED', message });
    this.logger.error({ err: error }, 'Unhandled socket error');
    answer({ code: 'INTERNAL', message: 'Something went wrong' });
  }
}
