import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsUUID, Matches, Max, Min } from 'class-validator';
import { AuditLog, CurrentPrincipal, Roles, type AuditEntryView, type Principal } from '@tuki/platform';

class AuditQueryDto {
  @IsOptional()
  @IsUUID()
  subjectId?: string;

  @IsOptional()
  @IsUUID()
  actorId?: string;

  @IsOptional()
  @Matches(/^[a-z0-9][a-z0-9._-]{0,59}$/, { message: 'action must be an action code such as case.read' })
  action?: string;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  from?: number;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  to?: number;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  beforeSeq?: number;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;
}

/** The audit log, newest first, for supervisors and admins. There is no route that changes it. */
@ApiTags('audit')
@ApiBearerAuth()
@Controller('audit')
export class AuditController {
  constructor(private readonly audit: AuditLog) {}

  @Get()
  @Roles('supervisor', 'admin')
  list(@CurrentPrincipal() principal: Principal, @Query() query: AuditQueryDto): Promise<AuditEntryView[]> {
    return this.audit.list(principal.helplineId, query);
  }
}
