import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsOptional,
  IsString,
  Length,
  Matches,
} from 'class-validator';
import { STAFF_ROLES, type StaffRole } from '@tuki/platform';

export class CreateStaffUserDto {
  @ApiProperty({ example: 'maija.k' })
  @IsString()
  @Length(3, 120)
  @Matches(/^[a-z0-9._@-]+$/i, { message: 'login may contain letters, digits and . _ @ - only' })
  login: string;

  @ApiProperty({ example: 'Maija K.' })
  @IsString()
  @Length(1, 120)
  displayName: string;

  @ApiProperty({ enum: STAFF_ROLES, isArray: true })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsIn(STAFF_ROLES, { each: true })
  roles: StaffRole[];

  @ApiProperty({ minLength: 12, description: 'Initial password; at least 12 characters' })
  @IsString()
  @Length(12, 256)
  password: string;
}

export class UpdateStaffUserDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(1, 120)
  displayName?: string;

  @ApiPropertyOptional({ enum: STAFF_ROLES, isArray: true })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsIn(STAFF_ROLES, { each: true })
  roles?: StaffRole[];

  @ApiPropertyOptional({ description: 'true disables the account: its tokens and sockets stop at once' })
  @IsOptional()
  @IsBoolean()
  disabled?: boolean;
}

/** What the API shows of a staff user: never the hash, the TOTP secret or the session version. */
export class StaffUserView {
  @ApiProperty() id: string;
  @ApiProperty() helplineId: string;
  @ApiProperty() login: string;
  @ApiProperty() displayName: string;
  @ApiProperty({ enum: STAFF_ROLES, isArray: true }) roles: StaffRole[];
  @ApiProperty() mfaEnrolled: boolean;
  @ApiProperty() disabled: boolean;
  @ApiProperty({ description: 'epoch milliseconds' }) createdAt: number;
}
