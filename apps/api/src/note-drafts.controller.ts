import { Body, Controller, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import {
  CompleteNoteDraftDto,
  NoteDrafts,
  SaveNoteDraftDto,
  SkipNoteDraftDto,
  type NoteDraftView,
  type UnfinishedDraft,
} from '@tuki/cases';
import { CurrentPrincipal, Roles, type Principal } from '@tuki/platform';
import { uuidParam } from './route-params';

/** The agent's note drafts: saved as they type, read back after a reload, finished as a note or skipped. */
@ApiTags('note-drafts')
@ApiBearerAuth()
@Controller()
export class NoteDraftsController {
  constructor(private readonly drafts: NoteDrafts) {}

  /** The agent's desk: drafts not yet finished (no text). */
  @Get('note-drafts')
  @Roles('agent')
  desk(@CurrentPrincipal() principal: Principal): Promise<UnfinishedDraft[]> {
    return this.drafts.desk(principal);
  }

  @Put('contacts/:id/note-draft')
  @Roles('agent')
  save(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuidParam) contactId: string,
    @Body() dto: SaveNoteDraftDto,
  ): Promise<UnfinishedDraft> {
    return this.drafts.save(principal, contactId, dto);
  }

  @Get('contacts/:id/note-draft')
  @Roles('agent')
  get(@CurrentPrincipal() principal: Principal, @Param('id', uuidParam) contactId: string): Promise<NoteDraftView> {
    return this.drafts.get(principal, contactId);
  }

  @Post('contacts/:id/note-draft/complete')
  @HttpCode(200)
  @Roles('agent')
  complete(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuidParam) contactId: string,
    @Body() dto: CompleteNoteDraftDto,
  ) {
    return this.drafts.complete(principal, contactId, dto);
  }

  @Post('contacts/:id/note-draft/skip')
  @HttpCode(204)
  @Roles('agent')
  async skip(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuidParam) contactId: string,
    @Body() dto: SkipNoteDraftDto,
  ): Promise<void> {
    await this.drafts.skip(principal, contactId, dto);
  }
}
