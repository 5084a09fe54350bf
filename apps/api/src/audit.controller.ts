import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsUUID, Matches, Max, Min } from 'class-validator';
import {
  AuditLog,
  AuditVerifier,
  Clock,
  CurrentPrincipal,
  Roles,
  type AuditEntryView,
  type AuditVerification,
  type Principal,
} from '@tuki/platform';

class AuditQueryDto {
  /** The object's id (a case, a block, a user; the helpline itself for settings). */
  @IsOptional()
  @Matches(/^[a-z0-9][a-z0-9._:-]{0,63}$/i, { message: 'subjectId must be an id' })
  subjectId?: string;

  /** The kind of object: case, block, helpline, user... */
  @IsOptional()
  @Matches(/^[a-z0-9][a-z0-9._-]{0,29}$/, { message: 'subjectType must be a kind of object such as case or block' })
  subjectType?: string;

  @IsOptional()
  @IsUUID('all', { message: 'actorId must be a staff member’s id' })
  actorId?: string;

  @IsOptional()
  @Matches(/^[a-z0-9][a-z0-9._:-]{0,57}(\.\*)?$/, {
    message: 'action must be an action code such as case.read, or a family such as case.*',
  })
  action?: string;

  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'from must be a time in epoch milliseconds' })
  from?: number;

  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'to must be a time in epoch milliseconds' })
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

/** The chain check as the administration page shows it: codes, positions and MACs only, never an entry's contents. */
export interface AuditVerificationView extends AuditVerification {
  /** When this check ran (epoch ms). */
  verifiedAt: number;
  /** The first problem found, or null when the chain is whole. */
  firstProblem: AuditVerification['problems'][number] | null;
}

/** The audit log, newest first, for supervisors and admins. There is no route that changes it. */
@ApiTags('audit')
@ApiBearerAuth()
@Controller('audit')
export class AuditController {
  constructor(
    private readonly audit: AuditLog,
    private readonly verifier: AuditVerifier,
    private readonly clock: Clock,
  ) {}

  @Get()
  @Roles('supervisor', 'admin')
  list(@CurrentPrincipal() principal: Principal, @Query() query: AuditQueryDto): Promise<AuditEntryView[]> {
    return this.audit.list(principal.helplineId, query);
  }

  /**
   * Verifies the caller's helpline chain now, as `audit verify --helpline` does: every MAC and link, and the Redis
   * anchor. The head it returns is what to keep a copy of outside Tuki (the CLI's `--anchor` checks against it).
   */
  @Get('verification')
  @Roles('supervisor', 'admin')
  async verification(@CurrentPrincipal() principal: Principal): Promise<AuditVerificationView> {
    const verifiedAt = this.clock.nowMs();
    const result = await this.verifier.verify(principal.helplineId);
    return { ...result, verifiedAt, firstProblem: result.problems[0] ?? null };
  }
}
