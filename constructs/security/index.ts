// The security rule pack's public API (the rules' helpers stay internal to constructs/security).
export {
  applySecurityRules,
  optOutOfSecurityRules,
  SecurityRules,
  SECURITY_RULES,
  SECURITY_RECORD_KEY,
  GEO_REDUNDANT_REPLICATION_TYPES,
  DEFAULT_MAX_CLIENT_SECRET_LIFETIME_DAYS,
  formatFinding,
  createRuleContext,
  evaluateRule,
} from "./rule-pack";
export type { SecurityRulesOptions, SecurityFinding, SuppressedFinding, SuppressionRecord, SecurityRecord } from "./rule-pack";
export { suppressRule, suppressionsOf, SUPPRESSION_METADATA } from "./suppress";
export type { RuleSuppression, DeclaredSuppression } from "./suppress";
export type { SecurityRule, RuleOutcome, RuleSeverity, RuleContext, ResolvedRuleOptions, ElementKind, SynthesizedElement } from "./rule";
