import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ofType, onlyOfType, synthEnvironment } from "../support/synth";

// docs/deploying.md "Values the providers normalise": each attribute the stack sets that the
// provider reads back in another form is synthesized in that form, so the second plan is empty.
const example = JSON.parse(readFileSync(join(__dirname, "..", "..", "config", "example.json"), "utf8"));
const { json } = synthEnvironment(
  {
    ...example,
    keyVault: { allowedIpRanges: ["203.0.113.7", "198.51.100.0/24"] },
    relay: {
      ingressAllowedIpRanges: ["192.0.2.10"],
      decisionsAllowedSources: ["PowerPlatformInfra"],
      decisions: { enabled: true },
    },
  },
  "norm",
);
const [, site] = ofType(json, "azapi_resource").find(([, r]) => String(r.type).startsWith("Microsoft.Web/sites@"))!;
const doc = readFileSync(join(__dirname, "..", "..", "docs", "deploying.md"), "utf8");
const inventory = doc.slice(doc.indexOf("## Values the providers normalise"));

describe("values the providers normalise, as the stack writes them", () => {
  test("the inventory in docs/deploying.md lists exactly the attributes tested here", () => {
    const rows = [...inventory.matchAll(/^\| `([^`]+)`/gm)].map((m) => m[1]);
    expect(rows).toEqual([
      "azurerm_key_vault.network_acls.ip_rules",
      "azapi_resource",
      "azurerm_key_vault_secret.value",
      "azurerm_key_vault_secret.expiration_date",
      "azuread_application_password.end_date",
      "location",
    ]);
  });

  test("no function app resource whose settings azurerm rewrites: the relay's app is an azapi site", () => {
    expect(ofType(json, "azurerm_function_app_flex_consumption")).toEqual([]);
    expect(ofType(json, "azurerm_linux_function_app")).toEqual([]);
  });

  test("Key Vault ip_rules: single addresses as /32, ranges unchanged", () => {
    expect(onlyOfType(json, "azurerm_key_vault")[1].network_acls.ip_rules).toEqual([
      "203.0.113.7/32",
      "198.51.100.0/24",
    ]);
  });

  test("site ipSecurityRestrictions: single addresses as /32, service tags as tags", () => {
    const restrictions = site.body.properties.siteConfig.ipSecurityRestrictions as { ipAddress: string; tag: string }[];
    expect(restrictions.map((r) => `${r.tag}:${r.ipAddress}`)).toEqual([
      "Default:192.0.2.10/32",
      "ServiceTag:PowerPlatformInfra",
    ]);
  });

  test("Key Vault secrets: no value (null on read with value_wo_version); expiry from a time_rotating time (UTC, whole seconds)", () => {
    for (const [, secret] of ofType(json, "azurerm_key_vault_secret")) {
      expect(secret.value).toBeUndefined();
      expect(secret.expiration_date).toMatch(
        /^\$\{(timeadd\()?(time_rotating\.[^.]+\.(rfc3339|rotation_rfc3339)|azuread_application_password\.[^.]+\.end_date)(, "\d+h"\))?\}$/,
      );
    }
  });

  test("client secret end date: timeadd of the rotation's time", () => {
    expect(onlyOfType(json, "azuread_application_password")[1].end_date).toMatch(
      /^\$\{timeadd\(time_rotating\.[^.]+\.rfc3339, "\d+h"\)\}$/,
    );
  });

  test("location: lower case without spaces on every resource that has one", () => {
    const locations = Object.values(json.resource ?? {})
      .flatMap((byName) => Object.values(byName))
      .map((r) => r.location)
      .filter((l) => l !== undefined);
    expect(locations.length).toBeGreaterThan(5);
    expect(new Set(locations)).toEqual(new Set(["westeurope"]));
  });
});
