import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Length, Matches } from 'class-validator';

export class SignInDto {
  @ApiProperty()
  @IsString()
  @Length(1, 120)
  login: string;

  @ApiProperty()
  @IsString()
  @Length(1, 256)
  password: string;

  @ApiPropertyOptional({ description: 'Six-digit TOTP code; required for supervisors and admins' })
  @IsOptional()
  @Matches(/^\d{6}$/, { message: 'totp must be six digits' })
  totp?: string;
}

export class RefreshDto {
  @ApiProperty()
  @IsString()
  @Length(20, 200)
  refreshToken: string;
}

export class MfaConfirmDto extends SignInDto {
  @ApiProperty({ description: 'Six-digit code from the newly set-up authenticator' })
  @Matches(/^\d{6}$/, { message: 'totp must be six digits' })
  declare totp: string;
}

export class TokensView {
  @ApiProperty() accessToken: string;
  @ApiProperty() refreshToken: string;
  @ApiProperty({ description: 'seconds until the access token expires' }) expiresIn: number;
}

export class MfaEnrolmentView {
  @ApiProperty({ description: 'otpauth:// URI to show as a QR code' }) uri: string;
  @ApiProperty({ description: 'The same secret in base32, to type in by hand' }) secret: string;
}
