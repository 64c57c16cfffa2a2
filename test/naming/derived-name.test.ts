import { KEY_VAULT_NAME } from "../../contract/patterns";
import { NAME_RULES, derivedName } from "../../constructs/naming/derived-name";
import { relayNames } from "../../constructs/flow-relay/relay-names";

// Azure's rules per kind (resource naming rules); the function app is kept to 32 (host id).
const AZURE_RULES: Record<keyof typeof NAME_RULES, RegExp> = {
  keyVault: KEY_VAULT_NAME,
  storageAccount: /^[a-z0-9]{3,24}$/,
  functionApp: /^[a-zA-Z0-9][a-zA-Z0-9-]{0,30}[a-zA-Z0-9]$/,
  servicePlan: /^[a-zA-Z0-9][a-zA-Z0-9-]{0,58}[a-zA-Z0-9]$/,
  identity: /^[a-zA-Z0-9][a-zA-Z0-9_-]{2,127}$/,
  applicationInsights: /^[^%&\\?/]{1,255}$/,
  logAnalyticsWorkspace: /^[a-zA-Z0-9][a-zA-Z0-9-]{2,61}[a-zA-Z0-9]$/,
  virtualNetwork: /^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,62}[a-zA-Z0-9_]$/,
  privateEndpoint: /^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,62}[a-zA-Z0-9_]$/,
};
const SUFFIX = "f00ba7";
// The longest prefix the constructs take (41 characters), with hyphens where a cut may land.
const LONGEST = `a${"-b".repeat(20)}`;

function allNames(prefix: string): Record<keyof typeof NAME_RULES, string> {
  return {
    keyVault: derivedName(NAME_RULES.keyVault, prefix, "kv", SUFFIX),
    privateEndpoint: derivedName(NAME_RULES.privateEndpoint, prefix, "relay-pe-queue", SUFFIX),
    ...relayNames(prefix, SUFFIX),
  };
}

describe("derived names", () => {
  test("a short prefix is kept whole: <prefix>-<kind>-<suffix>, storage in letters and digits", () => {
    expect(allNames("dmflow-prod")).toEqual({
      keyVault: "dmflow-prod-kv-f00ba7",
      storageAccount: "dmflowprodrelayf00ba7",
      functionApp: "dmflow-prod-relay-f00ba7",
      servicePlan: "dmflow-prod-relay-plan-f00ba7",
      identity: "dmflow-prod-relay-identity-f00ba7",
      applicationInsights: "dmflow-prod-relay-insights-f00ba7",
      logAnalyticsWorkspace: "dmflow-prod-relay-logs-f00ba7",
      virtualNetwork: "dmflow-prod-relay-vnet-f00ba7",
      privateEndpoint: "dmflow-prod-relay-pe-queue-f00ba7",
    });
  });

  test.each(["dmflow", "Contoso-Identity-Automation-Westeurope-01", LONGEST, `${"x".repeat(40)}1`])(
    "prefix %s: every name within its kind's length and characters, suffix kept",
    (prefix) => {
      for (const [kind, name] of Object.entries(allNames(prefix)) as [keyof typeof NAME_RULES, string][]) {
        expect({ kind, name, fits: AZURE_RULES[kind].test(name) && name.length <= NAME_RULES[kind].max }).toEqual({
          kind,
          name,
          fits: true,
        });
        expect(name.endsWith(SUFFIX)).toBe(true);
      }
    },
  );

  test("a cut that lands on a hyphen leaves no double hyphen", () => {
    expect(derivedName(NAME_RULES.keyVault, "abcdefghijklm-nop", "kv", SUFFIX)).toBe("abcdefghijklm-kv-f00ba7");
  });

  test("an explicit name wins over the derived one", () => {
    const names = relayNames("dmflow", SUFFIX, { functionApp: "my-relay", storageAccount: "mystore" });
    expect(names.functionApp).toBe("my-relay");
    expect(names.storageAccount).toBe("mystore");
    expect(names.servicePlan).toBe("dmflow-relay-plan-f00ba7");
  });
});
