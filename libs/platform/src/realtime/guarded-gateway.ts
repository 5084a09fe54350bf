import { UseFilters, UseGuards, UsePipes, applyDecorators } from '@nestjs/common';
import { WebSocketGateway, type GatewayMetadata } from '@nestjs/websockets';
import { AccessGuard } from '../auth/access.guard';
import { createValidationPipe } from '../http/validation.pipe';
import { WsErrorFilter } from './ws-error.filter';

/**
 * A socket.io gateway as Tuki runs every one: each event checked by the AccessGuard (no rule, no entry), its payload
 * validated, and errors answered as coded `exception` events (and to the acknowledgement). Used instead of
 * `@WebSocketGateway` so a new gateway cannot forget one of them.
 */
export const GuardedGateway = (options?: GatewayMetadata) =>
  applyDecorators(
    WebSocketGateway(options),
    UseGuards(AccessGuard),
    UseFilters(WsErrorFilter),
    UsePipes(createValidationPipe()),
  );
