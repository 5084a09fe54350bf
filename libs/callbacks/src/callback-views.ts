import type { CallbackAttempt } from './callback-attempt.entity';
import type { Callback } from './callback.entity';
import type { CallbackAttemptView, CallbackView } from './dto/callback.dto';

export function toCallbackView(row: Callback): CallbackView {
  return {
    id: row.id,
    queueId: row.queueId,
    source: row.source,
    status: row.status,
    requestedAt: row.requestedAt,
    windowStart: row.windowStart,
    windowEnd: row.windowEnd,
    promisedBy: row.promisedBy,
    deadline: row.deadline,
    overdue: row.overdue,
    attemptsMade: row.attemptsMade,
    openAttempt: row.openAttempt,
    nextAttemptAt: row.nextAttemptAt,
    mergedRequests: row.mergedRequests,
    closedAt: row.closedAt,
  };
}

export function toAttemptView(row: CallbackAttempt): CallbackAttemptView {
  return {
    attempt: row.attemptNo,
    agentId: row.agentId,
    dialMode: row.dialMode,
    startedAt: row.startedAt,
    endedAt: row.endedAt,
    outcome: row.outcome,
    numberReads: row.numberReads,
  };
}
