import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsInt, IsObject, IsOptional, IsString, IsUUID, Length, Matches, Max, Min } from 'class-validator';

const CLIENT_ID = /^[A-Za-z0-9_-]{8,64}$/;
const CLIENT_ID_MESSAGE = 'clientId must be 8-64 letters, digits, _ or - (the page makes one per message)';

/** What a caller tells before the chat starts; all optional but the language. */
export class StartChatDto {
  @ApiProperty({ example: 'fi' })
  @Matches(/^[a-z]{2,3}$/, { message: 'language must be an ISO 639 code such as fi' })
  language: string;

  @ApiPropertyOptional({ example: 'extortion' })
  @IsOptional()
  @Matches(/^[a-z0-9-]{1,40}$/, { message: 'topic must be one of the helpline topic codes' })
  topic?: string;

  @ApiPropertyOptional({ description: 'triage answers: question id -> answer id', example: { 'safe-now': 'yes' } })
  @IsOptional()
  @IsObject()
  triage?: Record<string, string>;
}

export class SendChatMessageDto {
  @ApiProperty({ description: "the page's own id for this message: a re-send after a dropped connection reuses it" })
  @Matches(CLIENT_ID, { message: CLIENT_ID_MESSAGE })
  clientId: string;

  @ApiProperty()
  @IsString()
  @Length(1, 4000, { message: 'text must be 1 to 4000 characters' })
  text: string;
}

export class SyncChatDto {
  @ApiProperty({ description: 'the last message number the page has; 0 for all' })
  @IsInt()
  @Min(0)
  @Max(2_147_483_647)
  afterSeq: number;
}

export class ChatTypingDto {
  @ApiProperty()
  @IsBoolean()
  typing: boolean;
}

/** The agent's side names the chat by its contact. */
export class AgentChatMessageDto extends SendChatMessageDto {
  @ApiProperty()
  @IsUUID()
  contactId: string;
}

export class AgentChatSyncDto extends SyncChatDto {
  @ApiProperty()
  @IsUUID()
  contactId: string;
}

export class AgentChatTypingDto extends ChatTypingDto {
  @ApiProperty()
  @IsUUID()
  contactId: string;
}
