import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Matches } from 'class-validator';
import { BreakGlassView, CaseGrants, CaseSettingsService, SubjectRequests, type CaseSettings } from '@tuki/cases';
import { CurrentPrincipal, Roles, type Principal } from '@tuki/platform';
import { ContactsService } from '@tuki/queueing';
import { CaseContacts } from './case-contacts';
import { uuidParam } from './route-params';

class SubjectRequestDto {
  /** The number the person gives, international; matched by its pseudonymous key and not kept. */
  @Matches(/^\+[1-9][\d\s-]{6,20}$/, {
    message: 'phone must be the international number the person used, such as +358401234567',
  })
  phone: string;
}

/** Case settings, break-glass review and data subjects' requests. */
@ApiTags('cases')
@ApiBearerAuth()
@Controller()
export class CaseAdministrationController {
  constructor(
    private readonly settings: CaseSettingsService,
    private readonly grants: CaseGrants,
    private readonly subjects: SubjectRequests,
    private readonly contacts: CaseContacts,
    private readonly queueing: ContactsService,
  ) {}

  /** The taxonomy, referral directory, workflow and periods: every desk needs the lists. */
  @Get('case-settings')
  @Roles('agent', 'supervisor', 'admin')
  getSettings(@CurrentPrincipal() principal: Principal): Promise<CaseSettings> {
    return this.settings.read(principal.helplineId);
  }

  /** Replaces the settings as a whole (validated; each problem named). Takes effect on every process at once. */
  @Put('case-settings')
  @Roles('admin')
  putSettings(@CurrentPrincipal() principal: Principal, @Body() body: unknown): Promise<CaseSettings> {
    return this.settings.replace(principal, body);
  }

  /** Break-glass openings for review: supervisors review each other's, admins any (audited per reason read). */
  @Get('case-access/break-glass')
  @Roles('supervisor', 'admin')
  @ApiOkResponse({ type: [BreakGlassView] })
  breakGlass(@CurrentPrincipal() principal: Principal, @Query('unreviewed') unreviewed?: string) {
    return this.grants.breakGlassOpenings(principal, unreviewed === 'true');
  }

  @Post('case-access/break-glass/:id/review')
  @HttpCode(200)
  @Roles('supervisor', 'admin')
  review(@CurrentPrincipal() principal: Principal, @Param('id', uuidParam) id: string) {
    return this.grants.review(principal, id);
  }

  /** Everything linked to the person's number (GDPR art. 15), for the admin to hand over. */
  @Post('data-subject-requests/export')
  @HttpCode(200)
  @Roles('admin')
  export(@CurrentPrincipal() principal: Principal, @Body() dto: SubjectRequestDto) {
    return this.subjects.export(principal, this.contacts.keyOfNumber(principal.helplineId, dto.phone));
  }

  /** Erases everything linked to the person's number (GDPR art. 17); anonymous statistics stay. */
  @Post('data-subject-requests/erase')
  @HttpCode(200)
  @Roles('admin')
  async erase(@CurrentPrincipal() principal: Principal, @Body() dto: SubjectRequestDto) {
    const callerKey = this.contacts.keyOfNumber(principal.helplineId, dto.phone);
    // Queueing first: its events still in the outbox lose the key, so none can bring it back into cases afterwards.
    const contacts = await this.queueing.forgetCaller(principal.helplineId, callerKey);
    const erased = await this.subjects.erase(principal, callerKey);
    return { ...erased, unlinkedContacts: erased.unlinkedContacts + contacts };
  }
}
