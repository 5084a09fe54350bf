// The public door of @tuki/queueing: routing queue definitions, contacts waiting, their states and history.
export * from './contact-state';
export * from './callback-policy';
export * from './risk-flags';
export * from './queueing.errors';
export * from './queueing.module';
export * from './routing-queues.service';
export * from './contacts.service';
export * from './dto/routing-queue.dto';
export * from './dto/contact.dto';
export { BlockList, type BlockView } from './block-list.service';
export { BLOCK_REASONS, type BlockReason } from './blocked-caller.entity';
