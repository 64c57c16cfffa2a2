import type { EnvironmentConfig } from "./config-schema";
import { stackTags } from "./derived-names";

/** A problem with one field: the loader prints `<file>: field "<path>": <got>; expected <expected>`. */
export interface FieldProblem {
  readonly path: string;
  readonly got: string;
  readonly expected: string;
}

/** Azure's limit of tags per resource. */
export const MAX_TAGS = 50;

type Raw = Record<string, unknown>;
const objectAt = (raw: unknown, key: string): Raw => {
  const value = raw && typeof raw === "object" ? (raw as Raw)[key] : undefined;
  return value && typeof value === "object" && !Array.isArray(value) ? (value as Raw) : {};
};
const show = (value: unknown) => `got ${JSON.stringify(value)}`;

/**
 * Checks across fields of one valid-shaped config, with the environment name its file gives:
 * tags with the stack's own, and settings given for a feature
 * that is off (they would be ignored without a word). `raw` is the file's JSON, to tell a value
 * the admin wrote from a default.
 */
export function configRuleProblems(raw: unknown, config: EnvironmentConfig, environment: string): FieldProblem[] {
  return [...tagProblems(config, environment), ...flowServiceProblems(config), ...unusedSettingProblems(raw, config)];
}

function tagProblems(config: EnvironmentConfig, environment: string): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const all = stackTags(environment, config);
  const own = Object.keys(stackTags(environment, { ...config, tags: {} }));
  const count = Object.keys(all).length;
  if (count > MAX_TAGS) {
    problems.push({
      path: "tags",
      got: `got ${Object.keys(config.tags).length} tags, ${count} with the stack's own (${own.join(", ")})`,
      expected: `at most ${MAX_TAGS - own.length} tags: Azure takes ${MAX_TAGS} per resource, and the stack adds ${own.length}`,
    });
  }
  // Azure tag names ignore case: "Owner" and "owner" are one tag, and one value is lost.
  const seen = new Map<string, string>(own.map((name) => [name.toLowerCase(), name]));
  for (const name of Object.keys(config.tags)) {
    const other = seen.get(name.toLowerCase());
    if (other !== undefined && other !== name) {
      const whose = own.includes(other) ? "the stack's own tag" : "the tag";
      problems.push({
        path: `tags.${name}`,
        got: show(name),
        expected: `a tag name that differs from ${whose} "${other}" by more than case (Azure tag names ignore case)`,
      });
    }
    seen.set(name.toLowerCase(), name);
  }
  return problems;
}

function flowServiceProblems(config: EnvironmentConfig): FieldProblem[] {
  const app = config.directoryManagerApp;
  if (!app.enabled) return [];
  const scopes = app.delegatedPermissions.flowService ?? [];
  if (scopes.length === 0 && app.flowServiceOptOutReason === undefined) {
    return [
      {
        path: "directoryManagerApp.delegatedPermissions.flowService",
        got: `got ${JSON.stringify(app.delegatedPermissions.flowService ?? "nothing")}`,
        expected:
          'the Flow Service scopes Directory Manager uses to reach Power Automate, e.g. ["Flows.Read.All", "Flows.Manage.All", "User"]; to leave them all out on purpose, give the reason in directoryManagerApp.flowServiceOptOutReason',
      },
    ];
  }
  if (scopes.length > 0 && app.flowServiceOptOutReason !== undefined) {
    return [
      {
        path: "directoryManagerApp.flowServiceOptOutReason",
        got: show(app.flowServiceOptOutReason),
        expected: `no value: delegatedPermissions.flowService grants ${scopes.join(", ")}, so nothing is left out`,
      },
    ];
  }
  return [];
}

/** Settings the admin wrote for a feature the config switches off or lacks. */
function unusedSettingProblems(raw: unknown, config: EnvironmentConfig): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const unused = (path: string, value: unknown, because: string) =>
    problems.push({ path, got: show(value), expected: `no value: ${because}; remove it (or switch the feature on)` });
  const rawRelay = objectAt(raw, "relay");
  const rawDecisions = objectAt(rawRelay, "decisions");

  if (config.flowEnvironment === undefined) {
    for (const [key, value] of Object.entries(rawRelay))
      if (key !== "enabled" || value === true)
        unused(
          `relay.${key}`,
          value,
          "there is no flowEnvironment, and the relay serves its routes, so no relay is deployed",
        );
    for (const [key, value] of Object.entries(objectAt(raw, "departments")))
      unused(`departments.${key}`, value, "there is no flowEnvironment, and departments are used only with one");
  } else if (!config.relay.enabled) {
    for (const [key, value] of Object.entries(rawRelay))
      if (key !== "enabled") unused(`relay.${key}`, value, "relay.enabled is false");
  } else {
    const decisions = config.relay.decisions.enabled;
    if (!decisions) {
      for (const [key, value] of Object.entries(rawDecisions))
        if (key !== "enabled") unused(`relay.decisions.${key}`, value, "relay.decisions.enabled is false");
      if (config.relay.decisionsAllowedSources.length > 0)
        unused(
          "relay.decisionsAllowedSources",
          config.relay.decisionsAllowedSources,
          "relay.decisions.enabled is false, so there is no decisions endpoint to allow callers to",
        );
    } else {
      // Azure's access restrictions are app-wide: an allow-list for one caller locks out the other.
      const ingress = config.relay.ingressAllowedIpRanges.length > 0;
      const sources = config.relay.decisionsAllowedSources.length > 0;
      if (ingress && !sources)
        problems.push({
          path: "relay.decisionsAllowedSources",
          got: "is missing",
          expected:
            'the sources Power Automate calls the decisions endpoint from (e.g. ["LogicApps"], docs/network.md): relay.ingressAllowedIpRanges is set, and the allow-list is app-wide, so Power Automate would be locked out',
        });
      if (sources && !ingress)
        problems.push({
          path: "relay.ingressAllowedIpRanges",
          got: "is missing",
          expected:
            "Directory Manager's public IPs: relay.decisionsAllowedSources is set, and the allow-list is app-wide, so Directory Manager would be locked out",
        });
    }
    if (Object.keys(config.departments).length === 0) {
      for (const key of ["departmentPointer", "enrichmentKey"])
        if (key in rawRelay)
          unused(
            `relay.${key}`,
            rawRelay[key],
            "there are no departments, so the relay adds no SharePoint site to events",
          );
    }
  }

  const rawGroups = objectAt(raw, "departmentGroups");
  if (!config.departmentGroups.create && "namePrefix" in rawGroups)
    unused("departmentGroups.namePrefix", rawGroups.namePrefix, "departmentGroups.create is false");
  if (
    config.departmentGroups.create &&
    (config.flowEnvironment === undefined || Object.keys(config.departments).length === 0)
  ) {
    problems.push({
      path: "departmentGroups.create",
      got: "got true",
      expected: "false, or departments (and a flowEnvironment) to create groups for",
    });
  }
  if (!config.directoryManagerApp.enabled) {
    for (const [key, value] of Object.entries(objectAt(raw, "directoryManagerApp")))
      if (key !== "enabled")
        unused(
          `directoryManagerApp.${key}`,
          value,
          "directoryManagerApp.enabled is false, so no app registration is declared",
        );
  }
  return problems;
}
