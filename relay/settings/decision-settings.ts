/** The decisions endpoint's settings (RELAY_DECISIONS_ENABLED, the token and decisions keys), and Directory Manager's. */
import { RELAY_SETTINGS } from "../../contract/relay-settings";
import { type DirectoryManagerSettings, readDirectoryManager } from "./directory-manager-settings";
import { isJsonPointer } from "./json-pointer";
import { optional, required, type Env, type Report } from "./setting-values";

export interface DecisionSettings extends DirectoryManagerSettings {
  /** Decision token keys: the current one first (signs), then the previous one (still accepted). */
  readonly tokenKeys: readonly string[];
  /** What the flow sends as x-relay-decisions-key. */
  readonly decisionsKey: string;
  /** JSON pointer to the workflow request id in an event; undefined: top-level "workflowRequestId", any case. */
  readonly workflowRequestPointer?: string;
}

const MIN_KEY_CHARS = 32;

/** Undefined when decisions are off, or when a setting they need has a problem (reported). */
export function readDecisions(env: Env, problem: Report): DecisionSettings | undefined {
  const enabled = optional(env, RELAY_SETTINGS.decisionsEnabled)?.toLowerCase();
  if (enabled === undefined || enabled === "false") return undefined;
  if (enabled !== "true") {
    problem(RELAY_SETTINGS.decisionsEnabled, 'must be "true" or "false"');
    return undefined;
  }
  const directoryManager = readDirectoryManager(env, problem);
  const key = (name: string, needed: boolean) => {
    const value = needed ? required(env, name, problem) : optional(env, name);
    if (value !== undefined && value.length < MIN_KEY_CHARS)
      problem(name, `must be at least ${MIN_KEY_CHARS} characters`);
    return value !== undefined && value.length >= MIN_KEY_CHARS ? value : undefined;
  };
  const tokenKey = key(RELAY_SETTINGS.decisionTokenKey, true);
  const previousKey = key(RELAY_SETTINGS.decisionTokenPreviousKey, false);
  const decisionsKey = key(RELAY_SETTINGS.decisionsKey, true);
  const workflowRequestPointer = optional(env, RELAY_SETTINGS.workflowRequestPointer);
  if (workflowRequestPointer !== undefined && !isJsonPointer(workflowRequestPointer)) {
    problem(
      RELAY_SETTINGS.workflowRequestPointer,
      'must be a JSON pointer (RFC 6901) starting with "/", e.g. /request/id',
    );
  }
  if (!directoryManager || !tokenKey || !decisionsKey) return undefined;
  const tokenKeys = previousKey ? [tokenKey, previousKey] : [tokenKey];
  return { ...directoryManager, tokenKeys, decisionsKey, workflowRequestPointer };
}
