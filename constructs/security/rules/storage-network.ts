/**
 * Storage account network exposure, each rule mirroring the scanners' reading: Checkov's
 * CKV_AZURE_35 and Trivy's AVD-AZU-0012 read the network rules (inline or a separate
 * azurerm_storage_account_network_rules), CKV_AZURE_59 reads only public_network_access_enabled.
 */
import { type RuleContext, type SecurityRule, type SynthesizedElement, unknown } from "../rule";
import { blockList, isUnresolved, knownOnlyAtPlan, referencing, verdict } from "./checks";
import { STORAGE_ACCOUNT } from "./storage";

/** The account's network rule blocks: inline `network_rules` and separate resources pointing at it. */
function networkRules(account: SynthesizedElement, context: RuleContext) {
  const separate = referencing(account, context, "azurerm_storage_account_network_rules", "storage_account_id");
  const rules = [...blockList(account.config.network_rules), ...separate.found.map((r) => r.config)] as Record<
    string,
    unknown
  >[];
  return { rules, unsure: separate.unsure };
}

/** Whether an azurerm_private_endpoint connects to `target` (Checkov's connection: a reference from the endpoint). */
export function privateEndpointFor(
  target: SynthesizedElement,
  context: RuleContext,
): { found: boolean; unsure: boolean } {
  const endpoints = referencing(
    target,
    context,
    "azurerm_private_endpoint",
    "private_service_connection.private_connection_resource_id",
  );
  return { found: endpoints.found.length > 0, unsure: endpoints.unsure };
}

export const STORAGE_NETWORK_RULES: readonly SecurityRule[] = [
  {
    id: "DMF-ST-PUBLIC-NETWORK-OFF",
    mirrors: ["CKV_AZURE_59"],
    description:
      "Storage account has public network access off (`public_network_access_enabled = false`, set explicitly; the provider default is true).",
    severity: "error",
    fix: "Set publicNetworkAccessEnabled: false and reach the account through private endpoints or VNet integration; otherwise suppress with the reason.",
    types: STORAGE_ACCOUNT,
    check: (e) => {
      const v = e.config.public_network_access_enabled;
      if (isUnresolved(v)) return knownOnlyAtPlan("public_network_access_enabled", v);
      const off = v === false || v === "false";
      return verdict([
        !off && {
          problem:
            v === undefined
              ? "public_network_access_enabled is not set, and the provider default is true"
              : `public_network_access_enabled is ${v}`,
          reportedBy: ["CKV_AZURE_59"],
        },
      ]);
    },
  },
  {
    id: "DMF-ST-NETWORK-DENY",
    mirrors: ["CKV_AZURE_35", "AVD-AZU-0012"],
    description:
      'Storage account network rules deny by default (`network_rules.default_action = "Deny"`, inline or an `azurerm_storage_account_network_rules`); no rules at all means Allow.',
    severity: "error",
    fix: 'Set networkRules: { defaultAction: "Deny", bypass: ["AzureServices"], virtualNetworkSubnetIds / ipRules: [...] }; otherwise suppress with the reason and the compensating control.',
    types: STORAGE_ACCOUNT,
    check: (e, context) => {
      const { rules, unsure } = networkRules(e, context);
      const actions = rules.map((r) => r.default_action);
      const unresolved = actions.find(isUnresolved);
      if (unresolved !== undefined) return knownOnlyAtPlan("network_rules.default_action", unresolved);
      if (rules.length === 0) {
        if (unsure)
          return unknown("an azurerm_storage_account_network_rules resource points at an account known only at plan");
        // Checkov leaves an account without a network_rules block to the separate resource's check.
        return verdict([
          {
            problem: "no network rules, so every network may reach it (default action Allow)",
            reportedBy: ["AVD-AZU-0012"],
          },
        ]);
      }
      const allowing = actions.filter((a) => String(a).toLowerCase() === "allow");
      return verdict([
        allowing.length > 0 && {
          problem: `network_rules.default_action is "Allow"`,
          reportedBy: ["CKV_AZURE_35", "AVD-AZU-0012"],
        },
      ]);
    },
  },
  {
    id: "DMF-ST-TRUSTED-SERVICES-BYPASS",
    mirrors: ["AVD-AZU-0010", "CKV_AZURE_36"],
    description:
      'Storage account network rules let trusted Azure services through (`bypass` includes "AzureServices"), so logging and backup keep working behind the firewall.',
    severity: "error",
    fix: 'Add "AzureServices" to networkRules.bypass.',
    types: STORAGE_ACCOUNT,
    check: (e, context) => {
      const { rules } = networkRules(e, context);
      const missing = rules.filter((r) => !blockList(r.bypass).includes("AzureServices"));
      if (missing.some((r) => isUnresolved(r.bypass))) return unknown("network_rules.bypass is known only at plan");
      // Checkov fails only a denying rule that lists bypasses without AzureServices; Trivy fails any rule without it.
      const checkov = missing.some((r) => r.default_action !== "Allow" && blockList(r.bypass).length > 0);
      return verdict([
        missing.length > 0 && {
          problem: 'network_rules.bypass does not include "AzureServices"',
          reportedBy: checkov ? ["AVD-AZU-0010", "CKV_AZURE_36"] : ["AVD-AZU-0010"],
        },
      ]);
    },
  },
  {
    id: "DMF-ST-PRIVATE-ENDPOINT",
    mirrors: ["CKV2_AZURE_33"],
    description:
      "Storage account is reached through a private endpoint (an `azurerm_private_endpoint` whose `private_connection_resource_id` is the account).",
    severity: "error",
    fix: "Add an azurerm_private_endpoint for the account's blob and queue sub-resources in the workload's VNet, or suppress with the reason.",
    types: STORAGE_ACCOUNT,
    check: (e, context) => {
      const endpoint = privateEndpointFor(e, context);
      if (endpoint.found) return verdict([]);
      if (endpoint.unsure) return unknown("a private endpoint points at a resource known only at plan");
      return verdict([{ problem: "no private endpoint connects to it", reportedBy: ["CKV2_AZURE_33"] }]);
    },
  },
];
