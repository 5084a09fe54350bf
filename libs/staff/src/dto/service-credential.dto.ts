import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length, Matches } from 'class-validator';

export class CreateServiceCredentialDto {
  @ApiProperty({ example: 'Telephony webhook' })
  @IsString()
  @Length(1, 100)
  @Matches(/^[\p{L}\p{N} ._-]+$/u, { message: 'name may contain letters, digits, spaces and . _ - only' })
  name: string;
}

export class ServiceCredentialView {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
  @ApiProperty({ description: 'epoch milliseconds' }) createdAt: number;
  @ApiProperty() revoked: boolean;
}

export class CreatedServiceCredentialView extends ServiceCredentialView {
  @ApiProperty({ description: 'The bearer token; shown once and never again' }) token: string;
}
