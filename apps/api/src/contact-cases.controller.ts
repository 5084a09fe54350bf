import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import {
  CaseDetailView,
  CasesService,
  ConfirmRepeatCallerDto,
  RepeatCallerResultView,
  RepeatCallers,
} from '@tuki/cases';
import { CurrentPrincipal, Roles, type Principal } from '@tuki/platform';
import { CaseContacts } from './case-contacts';
import { uuidParam } from './route-params';

/** The case side of the contact an agent is talking to. */
@ApiTags('cases')
@ApiBearerAuth()
@Controller('contacts')
export class ContactCasesController {
  constructor(
    private readonly cases: CasesService,
    private readonly repeatCallers: RepeatCallers,
    private readonly contacts: CaseContacts,
  ) {}

  /** Opens the contact's case, or a new one; only the agent connected with the contact. */
  @Post(':id/case')
  @HttpCode(200)
  @Roles('agent')
  @ApiOkResponse({ type: CaseDetailView })
  async open(@CurrentPrincipal() principal: Principal, @Param('id', uuidParam) id: string): Promise<CaseDetailView> {
    return this.cases.openForContact(principal, await this.contacts.snapshot(principal.helplineId, id));
  }

  /**
   * The caller confirms they are the person of an earlier case (their code word, or their explicit consent): the
   * contact joins that case and the agent may open it for a while. Recorded whatever the answer.
   */
  @Post(':id/repeat-caller')
  @HttpCode(200)
  @Roles('agent')
  @ApiOkResponse({ type: RepeatCallerResultView })
  async confirm(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuidParam) id: string,
    @Body() dto: ConfirmRepeatCallerDto,
  ): Promise<RepeatCallerResultView> {
    return this.repeatCallers.confirm(principal, await this.contacts.snapshot(principal.helplineId, id), dto);
  }
}
