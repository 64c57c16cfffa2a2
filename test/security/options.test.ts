import { Token } from "../../constructs/providers/cdktf";
import { RESOURCE_APIS } from "../../constructs/resource-apis";
import { applySecurityRules, type SecurityRulesOptions } from "../../constructs/security";
import { resolveOptions } from "../../constructs/security/options";
import { newStack } from "./support";

/** The message applySecurityRules throws for these options on a fresh stack at path "stack". */
function problemWith(options: unknown): string {
  try {
    applySecurityRules(newStack(), options as SecurityRulesOptions);
  } catch (e) {
    return (e as Error).message;
  }
  return "no error";
}

describe("options of the pack", () => {
  test("options are validated", () => {
    expect(problemWith({ severity: { "DMF-NOPE": "warning" } })).toMatch(
      /^stack: severity key must be a rule id of the pack \(DMF-FUNC-HTTPS-ONLY, .*DMF-TAGS, DMF-DEPLOY-ROLE-WAIT, .*DMF-DEPLOY-WRITE-ONLY, .*DMF-DEPLOY-SECRET-VERSION\), but "DMF-NOPE" was given$/,
    );
    expect(problemWith({ maxClientSecretLifetimeDays: 1000 })).toBe(
      "stack: maxClientSecretLifetimeDays must be a whole number from 1 to 730, but 1000 was given",
    );
    expect(problemWith({ allowedDelegatedScopes: { sharepoint: ["AllSites.Read"] } })).toMatch(
      /^stack: allowedDelegatedScopes key must be a resource API in RESOURCE_APIS \(flowService, .*\) or a client id \(GUID\), but "sharepoint" was given$/,
    );
  });

  // Each bad value is named with the option and the value given, in the one grammar of the pack.
  test.each([
    [
      { severity: { "DMF-TAGS": "fatal" } },
      'stack: severity["DMF-TAGS"] must be one of "error", "warning", but "fatal" was given',
    ],
    [{ unverified: "ignore" }, 'stack: unverified must be one of "error", "warning", but "ignore" was given'],
    [
      { maxClientSecretLifetimeDays: 30.5 },
      "stack: maxClientSecretLifetimeDays must be a whole number from 1 to 730, but 30.5 was given",
    ],
    [
      { requiredTags: "environment" },
      'stack: requiredTags must be a list of tag keys or a map from tag key to value, but "environment" was given',
    ],
    [
      { requiredTags: { environment: 1 } },
      'stack: requiredTags must be a list of tag keys or a map from tag key to value, but {"environment":1} was given',
    ],
    [
      { geoRedundantReplicationTypes: "GZRS" },
      'stack: geoRedundantReplicationTypes must be a list of replication types such as "GZRS", but "GZRS" was given',
    ],
    [
      { allowedApplicationRoles: { microsoftGraph: "User.Read.All" } },
      'stack: allowedApplicationRoles["microsoftGraph"] must be a list of application role names, but "User.Read.All" was given',
    ],
    [
      { allowedDelegatedScopes: ["User.Read"] },
      'stack: allowedDelegatedScopes must be a map from resource API to delegated scope names, but ["User.Read"] was given',
    ],
  ])("%j is refused", (options, message) => {
    expect(problemWith(options)).toBe(message);
  });

  test("a client secret lifetime the rules cannot read at synth is refused", () => {
    expect(problemWith({ maxClientSecretLifetimeDays: Token.asNumber("${var.days}") })).toMatch(
      /^stack: maxClientSecretLifetimeDays must be a whole number from 1 to 730, known at synth \(.*\), but an unresolved token was given$/,
    );
  });

  test("defaults: every scope RESOURCE_APIS lists, no application role, 365 days, unverified checks are warnings", () => {
    const resolved = resolveOptions("stack", {});
    expect(resolved.rules.allowedDelegatedScopes[RESOURCE_APIS.microsoftGraph.clientId]).toEqual([
      ...RESOURCE_APIS.microsoftGraph.scopes,
    ]);
    expect(Object.keys(resolved.rules.allowedDelegatedScopes).sort()).toEqual(
      Object.values(RESOURCE_APIS)
        .map((api) => api.clientId)
        .sort(),
    );
    expect(resolved.rules.allowedApplicationRoles).toEqual({});
    expect(resolved.rules.maxClientSecretLifetimeDays).toBe(365);
    expect(resolved.rules.requiredTags).toBeUndefined();
    expect(resolved.unverified).toBe("warning");
    expect(resolved.severity).toEqual({});
  });

  test("resource APIs are resolved by name to their client id; other APIs are keyed by client id, lower case", () => {
    const other = "ABCDEF01-2345-6789-ABCD-EF0123456789";
    const resolved = resolveOptions("stack", {
      allowedApplicationRoles: { microsoftGraph: ["User.Read.All"], [other]: ["Custom.Role"] },
    });
    expect(resolved.rules.allowedApplicationRoles).toEqual({
      [RESOURCE_APIS.microsoftGraph.clientId]: ["User.Read.All"],
      [other.toLowerCase()]: ["Custom.Role"],
    });
  });

  test("required tags as keys or as keys with values", () => {
    expect(resolveOptions("stack", { requiredTags: ["owner"] }).rules.requiredTags).toEqual({ owner: undefined });
    expect(resolveOptions("stack", { requiredTags: { owner: "it" } }).rules.requiredTags).toEqual({ owner: "it" });
  });
});
