import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsIn, IsInt, IsUUID, Max, Min } from 'class-validator';
import { ChatConversations } from '@tuki/chat';
import { ConflictError, CurrentPrincipal, Roles, type Principal } from '@tuki/platform';
import { BLOCK_REASONS, BlockList, ContactsService, type BlockReason, type BlockView } from '@tuki/queueing';
import { uuidParam } from './route-params';

class BlockCallerDto {
  @ApiProperty({ description: 'a contact of the caller to block; their pseudonymous key is taken from it' })
  @IsUUID()
  contactId: string;

  @ApiProperty({ enum: BLOCK_REASONS })
  @IsIn(BLOCK_REASONS, { message: `reason must be one of ${BLOCK_REASONS.join(', ')}` })
  reason: BlockReason;

  @ApiProperty({ minimum: 1, maximum: 365 })
  @IsInt({ message: 'days must be a whole number of days' })
  @Min(1)
  @Max(365)
  days: number;
}

/**
 * The block list, for supervisors: block the caller of a contact (by their number's caller key, or a web chat's
 * address key) until an expiry, see the blocks in force, lift one. Nobody sees who a block is for.
 */
@ApiTags('block-list')
@ApiBearerAuth()
@Controller('block-list')
export class BlockListController {
  constructor(
    private readonly blockList: BlockList,
    private readonly contacts: ContactsService,
    private readonly conversations: ChatConversations,
  ) {}

  @Post()
  @Roles('supervisor')
  async block(@CurrentPrincipal() principal: Principal, @Body() dto: BlockCallerDto): Promise<BlockView> {
    const contact = await this.contacts.getWithCallerKey(principal.helplineId, dto.contactId);
    const key =
      contact.callerKey ?? (await this.conversations.byContact(principal.helplineId, contact.id))?.addressKey ?? null;
    if (!key) throw new ConflictError('Nothing identifies the caller of this contact, so it cannot be blocked');
    return this.blockList.block(principal, key, { reason: dto.reason, days: dto.days });
  }

  @Get()
  @Roles('supervisor')
  list(@CurrentPrincipal() principal: Principal): Promise<BlockView[]> {
    return this.blockList.list(principal.helplineId);
  }

  @Delete(':id')
  @HttpCode(200)
  @Roles('supervisor')
  lift(@CurrentPrincipal() principal: Principal, @Param('id', uuidParam) id: string): Promise<BlockView> {
    return this.blockList.lift(principal, id);
  }
}
