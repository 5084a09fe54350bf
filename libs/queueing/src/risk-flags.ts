// The codes are a contract shared with the channels (chat triage): see libs/contracts.
export { RISK_FLAG_CODES, type RiskFlagCode } from '@tuki/contracts';
