// The public door of @tuki/callbacks: callback requests, attempts and their timers; the rules as pure functions.
export * from './callback-rules';
export * from './callback-number';
export * from './callbacks.errors';
export * from './callbacks.module';
export { CallbackRequests, type CallbackRequestContext } from './callback-requests.service';
export { CallbackAttempts, type OutcomeResult } from './callback-attempts.service';
export { CallbacksQuery } from './callbacks-query.service';
export { CallbackTimers } from './callback-timers.service';
export { CALLBACK_OUTCOMES, type CallbackOutcome } from './callback-attempt.entity';
export { CALLBACK_SOURCES, type CallbackSource, type CallbackStatus } from './callback.entity';
export * from './dto/callback.dto';
