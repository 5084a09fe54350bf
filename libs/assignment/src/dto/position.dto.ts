import { ApiProperty } from '@nestjs/swagger';

/** What a waiting caller may be told: their place and an honest estimate (null when nobody on duty can serve them). */
export class ContactPositionView {
  @ApiProperty() contactId: string;
  @ApiProperty() state: string;
  @ApiProperty({ nullable: true, type: Number, description: '1-based; 0 while being offered to an agent' })
  position: number | null;
  @ApiProperty({ nullable: true, type: Number }) estimatedWaitSeconds: number | null;
  @ApiProperty({ description: 'agents on duty who may serve this contact' }) servingAgents: number;
}
