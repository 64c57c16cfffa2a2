import type { SecurityRule } from "../rule";
import { DEPLOY_RULES } from "./deploy";
import { DEPLOY_PREFLIGHT_RULES } from "./deploy-preflight";
import { ENTRA_ACCESS_RULES } from "./entra-access";
import { ENTRA_APP_RULES } from "./entra-app";
import { ENTRA_HYGIENE_RULES } from "./entra-hygiene";
import { FUNCTION_APP_RULES } from "./function-app";
import { KEY_VAULT_RULES } from "./key-vault";
import { SECRET_RULES } from "./secrets";
import { SERVICE_PLAN_RULES } from "./service-plan";
import { STORAGE_RULES } from "./storage";
import { STORAGE_LOGGING_RULES } from "./storage-logging";
import { STORAGE_NETWORK_RULES } from "./storage-network";
import { TAGS_RULES } from "./tags";

/**
 * Every rule of the pack, in the order of the table in docs/security-rules.md.
 *
 * To add a rule: write it in its service's file (or a new `<service>.ts` exporting a
 * `readonly SecurityRule[]`, listed here), add its row to that table, and give it compliant,
 * non-compliant and not-applicable cases in test/security/rules/. The engine, the options'
 * severity check and suppressions know every rule through this list.
 */
export const SECURITY_RULES: readonly SecurityRule[] = [
  ...FUNCTION_APP_RULES,
  ...SERVICE_PLAN_RULES,
  ...STORAGE_RULES,
  ...STORAGE_NETWORK_RULES,
  ...STORAGE_LOGGING_RULES,
  ...KEY_VAULT_RULES,
  ...ENTRA_APP_RULES,
  ...ENTRA_HYGIENE_RULES,
  ...ENTRA_ACCESS_RULES,
  ...SECRET_RULES,
  ...TAGS_RULES,
  ...DEPLOY_RULES,
  ...DEPLOY_PREFLIGHT_RULES,
];

/** The ids of every rule, for checking the ids that options and suppressions name. */
export const RULE_IDS: ReadonlySet<string> = new Set(SECURITY_RULES.map((r) => r.id));
