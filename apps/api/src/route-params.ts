import { BadRequestException, ParseUUIDPipe } from '@nestjs/common';

/** Route ids are UUIDs; anything else is a 400 naming the parameter, before any lookup. */
export const uuidParam = new ParseUUIDPipe({ exceptionFactory: () => new BadRequestException('id must be a UUID') });
