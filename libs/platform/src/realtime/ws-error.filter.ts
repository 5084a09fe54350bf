import { Catch, Logger, type ArgumentsHost, type WsExceptionFilter } from '@nestjs/common';
import type { Socket } from 'socket.io';
import { DomainError } from '../errors/domain-error';

/** Socket twin of HttpErrorFilter: a coded `exception` event, or an opaque one for unknown errors. */
@Catch()
export class WsErrorFilter implements WsExceptionFilter {
  private readonly logger = new Logger('WsError');

  catch(error: unknown, host: ArgumentsHost): void {
    const socket = host.switchToWs().getClient<Socket>();
    if (error instanceof DomainError) {
      socket.emit('exception', { code: error.code, message: error.message });
      return;
    }
    const message = (error as { message?: unknown })?.message;
    if (typeof message === 'string' && /validation/i.test(message)) {
      socket.emit('exception', { code: 'VALIDATION_FAILED', message });
      return;
    }
    this.logger.error({ err: error }, 'Unhandled socket error');
    socket.emit('exception', { code: 'INTERNAL', message: 'Something went wrong' });
  }
}
