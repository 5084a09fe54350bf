import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';

export const CALL_EVENTS = ['incoming', 'waiting', 'key-press', 'answered', 'hung-up'] as const;
export type CallEventKind = (typeof CALL_EVENTS)[number];

/**
 * One call event from a telephony adapter other than Twilio (a PBX, another provider). The adapter answers the
 * caller as the returned step says, and reports the next event.
 */
export class CallEventDto {
  @ApiProperty({
    enum: CALL_EVENTS,
    description:
      'incoming: a call arrived (needs to); waiting: the last hold ended, what next; key-press: the caller pressed ' +
      'digits; answered: the agent answered the bridged leg; hung-up: the call ended',
  })
  @IsIn(CALL_EVENTS)
  event: CallEventKind;

  @ApiProperty({ description: "the adapter's id of the call, the same on every event of the call" })
  @IsString()
  @Matches(/^[\x21-\x7e]{1,64}$/, { message: 'callId must be 1-64 printable ASCII characters' })
  callId: string;

  @ApiPropertyOptional({ description: "the caller's number in E.164 as the network gave it; absent when withheld" })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  from?: string;

  @ApiPropertyOptional({ description: 'the helpline number dialled (E.164); needed on incoming' })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  to?: string;

  @ApiPropertyOptional({ description: 'key-press: the digits pressed' })
  @IsOptional()
  @Matches(/^[0-9*#]{1,20}$/, { message: 'digits must be 0-9, * or #' })
  digits?: string;
}
