import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsUUID } from 'class-validator';

export class RequestHelpDto {
  @ApiPropertyOptional({ description: 'the contact the agent is working, if any' })
  @IsOptional()
  @IsUUID()
  contactId?: string;
}
