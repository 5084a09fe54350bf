import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, IsTimeZone, Length } from 'class-validator';

export class HelplineView {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
  @ApiProperty({ example: 'Europe/Helsinki' }) timeZone: string;
}

export class UpdateHelplineDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(1, 200)
  name?: string;

  @ApiPropertyOptional({ example: 'Europe/Helsinki' })
  @IsOptional()
  @IsTimeZone()
  timeZone?: string;
}
