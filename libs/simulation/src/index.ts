// The public door of @tuki/simulation: scenarios, the staffing planner over Tuki's own routing core, and drills.
export * from './scenario/scenario.schema';
export { loadScenario, parseScenario, callbackPolicyOf, ScenarioError } from './scenario/scenario-loader';
export { SHIPPED_SCENARIOS } from './scenario/shipped-scenarios';
export * from './planner/plan-report';
export { runPlan, type PlanOptions } from './planner/plan';
export * from './report';
export * from './drill';
export * from './plans';
