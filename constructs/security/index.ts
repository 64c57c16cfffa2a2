// The security rule pack's entry points. The engine, the rule shape and the rules' helpers stay
// internal to constructs/security (tests import them from their own files).
export { applySecurityRules, SecurityRules } from "./aspect";
export { optOutOfSecurityRules } from "./opt-out";
export { suppressRule, suppressionsOf } from "./suppress";
export type { RuleSuppression } from "./suppress";
export { GEO_REDUNDANT_REPLICATION_TYPES } from "./options";
export type { SecurityRulesOptions } from "./options";
export { SECURITY_RULES } from "./rules";
export type { SecurityRule, RuleSeverity } from "./rule";
export { formatFinding, SECURITY_RECORD_KEY } from "./findings";
export type { SecurityFinding, SuppressedFinding, SuppressionRecord, SecurityRecord } from "./findings";
