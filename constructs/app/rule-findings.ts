import { type SecurityFinding, SecurityRules } from "../security";
import type { LoadedEnvironment } from "./config-loader";
import type { DirectoryManagerFlowStack } from "./directory-manager-flow-stack";

/**
 * The security rules' verdict on the app's stacks, said the way config problems are: the app
 * checks every stack before it writes anything, so a failing rule stops synth with the config file
 * and field to change (or the construct path when no field decides it), once, without cdktf's
 * annotation banner. Consumers composing the constructs themselves keep cdktf's annotations.
 */

/** A config field that decides a rule's outcome in the app's stack, and what the rule wants there. */
interface RuleField {
  readonly field: string;
  readonly expected: string;
}

/** Rules a config field decides. Other rules are about what the constructs build, named by construct path. */
const RULE_FIELDS: Readonly<Record<string, RuleField>> = {
  "DMF-ENTRA-OWNERS": {
    field: "directoryManagerApp.ownerObjectIds",
    expected:
      "the object id of at least one accountable person besides the deployer (the rule wants 2 distinct owners, so the app is not orphaned when one leaves)",
  },
  "DMF-ENTRA-SECRET-LIFETIME": {
    field: "directoryManagerApp.clientSecret.lifetimeDays",
    expected: "a lifetime within the rule's maximum (see the finding)",
  },
  "DMF-TAGS": { field: "tags", expected: "the tags every resource must carry" },
};

/** How an app config accepts a finding instead of fixing it. */
const suppression = (ruleId: string) =>
  `rule ${ruleId}; to accept it instead, compose the stack in code and call suppressRule(scope, "${ruleId}", "<reason>") (docs/security-rules.md), or switch the rules off for this environment with field "securityRules.optOutReason"`;

/** The value at a dotted path of a config, as shown in a problem line. */
function valueAt(config: unknown, path: string): string {
  let value: unknown = config;
  for (const key of path.split(".")) value = (value as Record<string, unknown> | undefined)?.[key];
  return value === undefined ? "nothing" : JSON.stringify(value);
}

/** One failing finding as a problem line of the environment's config file. */
export function findingProblem(finding: SecurityFinding, env: LoadedEnvironment): string {
  const mapped = RULE_FIELDS[finding.ruleId];
  if (mapped) {
    const why = finding.ruleId === "DMF-ENTRA-SECRET-LIFETIME" ? ` (${finding.problem})` : "";
    return `${env.file}: field "${mapped.field}": got ${valueAt(env.config, mapped.field)}${why}; expected ${mapped.expected}; ${suppression(finding.ruleId)}`;
  }
  return `${env.file}: ${finding.path} (${finding.address}): ${finding.problem}; expected: ${finding.fix} (${suppression(finding.ruleId)})`;
}

/** The verdict over every stack: the failing findings as problem lines, and the one-line summary. */
export interface RulesVerdict {
  readonly problems: readonly string[];
  readonly summary: string;
}

/**
 * Runs each stack's security rules once and collects the error findings of all of them, so one run
 * reports every environment. The pack checks again at synth, when nothing failed here.
 */
export function checkSecurityRules(
  stacks: readonly { readonly env: LoadedEnvironment; readonly stack: DirectoryManagerFlowStack }[],
): RulesVerdict {
  const problems: string[] = [];
  let rules = 0;
  let unverified = 0;
  let accepted = 0;
  const checked: string[] = [];
  const optedOut: string[] = [];
  for (const { env, stack } of stacks) {
    const pack = SecurityRules.of(stack);
    if (!pack) continue;
    const record = pack.check();
    rules = record.rules;
    if (record.status === "opted-out") {
      optedOut.push(`${env.name} (switched off: ${record.optOutReason})`);
      continue;
    }
    checked.push(env.name);
    accepted += record.suppressed.length;
    for (const finding of record.findings) {
      if (finding.severity === "error") problems.push(findingProblem(finding, env));
      else unverified++;
    }
  }
  const failing = problems.length;
  const summary =
    `Security rules: ${rules} checked on ${[...checked, ...optedOut].join(", ") || "no stack"}; ${failing} failing` +
    `${unverified > 0 ? `, ${unverified} warnings (listed by cdktf synth and npm run security:report)` : ""}` +
    `; ${accepted} findings accepted with written reasons (npm run security:report lists them).`;
  return { problems, summary };
}
