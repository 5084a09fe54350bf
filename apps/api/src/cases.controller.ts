import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CallbackRequests } from '@tuki/callbacks';
import {
  BreakGlassDto,
  CaseContactView,
  CaseDetailView,
  CaseFollowUps,
  CaseGrants,
  CaseNoteView,
  CaseSearchDto,
  CaseSummaryView,
  CasesService,
  CaseWork,
  ClassifyContactDto,
  CreateNoteDto,
  CreateReferralDto,
  GrantAccessDto,
  ScheduleFollowUpDto,
  SkipClassificationDto,
  UpdateCaseDto,
} from '@tuki/cases';
import { CurrentPrincipal, Roles, type Principal } from '@tuki/platform';
import { HelplinesService } from '@tuki/staff';
import { CaseContacts } from './case-contacts';
import { uuidParam } from './route-params';

/**
 * Cases, for the agents who work on them and the supervisors who oversee them. Every rule (who may open what, what
 * is sealed, what is audited) lives in @tuki/cases; this controller only composes it with queueing and callbacks.
 */
@ApiTags('cases')
@ApiBearerAuth()
@Controller('cases')
export class CasesController {
  constructor(
    private readonly cases: CasesService,
    private readonly work: CaseWork,
    private readonly grants: CaseGrants,
    private readonly followUps: CaseFollowUps,
    private readonly callbacks: CallbackRequests,
    private readonly contacts: CaseContacts,
    private readonly helplines: HelplinesService,
  ) {}

  /** Search without decrypting anything; agents see only cases they may open, supervisors all (metadata only). */
  @Get()
  @Roles('agent', 'supervisor')
  @ApiOkResponse({ type: [CaseSummaryView] })
  search(@CurrentPrincipal() principal: Principal, @Query() query: CaseSearchDto): Promise<CaseSummaryView[]> {
    const { phone, ...rest } = query;
    const callerKey = phone ? this.contacts.keyOfNumber(principal.helplineId, phone) : undefined;
    return this.cases.search(principal, { ...rest, ...(callerKey ? { callerKey } : {}) });
  }

  @Get(':id')
  @Roles('agent', 'supervisor')
  @ApiOkResponse({ type: CaseDetailView })
  get(@CurrentPrincipal() principal: Principal, @Param('id', uuidParam) id: string): Promise<CaseDetailView> {
    return this.cases.get(principal, id);
  }

  @Patch(':id')
  @Roles('agent', 'supervisor')
  @ApiOkResponse({ type: CaseDetailView })
  update(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuidParam) id: string,
    @Body() dto: UpdateCaseDto,
  ): Promise<CaseDetailView> {
    return this.cases.update(principal, id, dto);
  }

  @Post(':id/notes')
  @Roles('agent', 'supervisor')
  @ApiOkResponse({ type: CaseNoteView })
  addNote(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuidParam) id: string,
    @Body() dto: CreateNoteDto,
  ): Promise<CaseNoteView> {
    return this.work.addNote(principal, id, dto);
  }

  @Post(':id/referrals')
  @Roles('agent', 'supervisor')
  addReferral(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuidParam) id: string,
    @Body() dto: CreateReferralDto,
  ) {
    return this.work.addReferral(principal, id, dto);
  }

  /** The contact's categories and outcome: its anonymous facts are published for statistics, once. */
  @Post(':id/contacts/:contactId/classification')
  @HttpCode(200)
  @Roles('agent', 'supervisor')
  @ApiOkResponse({ type: CaseContactView })
  classify(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuidParam) id: string,
    @Param('contactId', uuidParam) contactId: string,
    @Body() dto: ClassifyContactDto,
  ): Promise<CaseContactView> {
    return this.work.classify(principal, id, contactId, dto);
  }

  @Post(':id/contacts/:contactId/classification-skip')
  @HttpCode(200)
  @Roles('agent', 'supervisor')
  @ApiOkResponse({ type: CaseContactView })
  skipClassification(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuidParam) id: string,
    @Param('contactId', uuidParam) contactId: string,
    @Body() dto: SkipClassificationDto,
  ): Promise<CaseContactView> {
    return this.work.skip(principal, id, contactId, dto);
  }

  /** A supervisor opens a case they have no part in, saying why; admins review it. */
  @Post(':id/break-glass')
  @HttpCode(200)
  @Roles('supervisor')
  breakGlass(@CurrentPrincipal() principal: Principal, @Param('id', uuidParam) id: string, @Body() dto: BreakGlassDto) {
    return this.grants.breakGlass(principal, id, dto.reason);
  }

  /** A supervisor gives a case to an agent for a while. */
  @Post(':id/grants')
  @HttpCode(200)
  @Roles('supervisor')
  give(@CurrentPrincipal() principal: Principal, @Param('id', uuidParam) id: string, @Body() dto: GrantAccessDto) {
    return this.grants.give(principal, id, dto.userId, dto.days);
  }

  /**
   * A follow-up call: the number (typed, or the case's) goes straight from the case to callbacks; the callback's id
   * comes back to the case, so the call joins the case's timeline.
   */
  @Post(':id/follow-ups')
  @HttpCode(200)
  @Roles('agent', 'supervisor')
  async scheduleFollowUp(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuidParam) id: string,
    @Body() dto: ScheduleFollowUpDto,
  ) {
    const { followUpId, number } = await this.followUps.prepare(principal, id, dto.number);
    const { timeZone } = await this.helplines.get(principal.helplineId);
    const receipt = await this.callbacks.scheduleFollowUp(
      principal.helplineId,
      {
        number,
        queueId: dto.queueId,
        language: dto.language,
        idempotencyKey: `follow-up:${followUpId}`,
        ...(dto.notBefore ? { window: { notBefore: dto.notBefore } } : {}),
      },
      { actor: { kind: principal.roles.includes('agent') ? 'agent' : 'supervisor', id: principal.userId }, timeZone },
    );
    return this.followUps.record(principal, id, followUpId, receipt.callback.id, receipt.callback.windowStart);
  }
}
