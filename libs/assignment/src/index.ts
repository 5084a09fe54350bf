// The public door of @tuki/assignment: the routing core (pure rules; stores and offers follow).
export * from './routing-rules';
