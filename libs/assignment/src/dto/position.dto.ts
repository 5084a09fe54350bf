import { ApiProperty } from '@nestjs/swagger';
import { ContactView } from '@tuki/queueing';

/** What a waiting caller may be told: their place and an honest estimate (null when nobody on duty can serve them). */
export class ContactPositionView {
  @ApiProperty() contactId: string;
  @ApiProperty() state: string;
  @ApiProperty({ nullable: true, type: Number, description: '1-based; 0 while being offered to an agent' })
  position: number | null;
  @ApiProperty({ nullable: true, type: Number }) estimatedWaitSeconds: number | null;
  @ApiProperty({ description: 'agents on duty who may serve this contact' }) servingAgents: number;
  /**
   * The channel should offer this caller a callback first (the IVR's "press 1 to keep your place and be called
   * back"): the wait passed the queue's threshold, or nobody on duty can serve them, within opening hours.
   */
  @ApiProperty() offerCallback: boolean;
}

/** The answer to a channel handing over a contact: the contact, and what to tell the caller now. */
export class IntakeView extends ContactView {
  @ApiProperty({ nullable: true, type: Number }) estimatedWaitSeconds: number | null;
  /** Offer the caller a callback before they wait on (see ContactPositionView.offerCallback). */
  @ApiProperty() offerCallback: boolean;
}
