/**
 * DMF-DEPLOY-KV-REFERENCE-NETWORK: a function app's Key Vault reference must be able to reach its
 * vault. The app platform resolves references with the app's identity over the app's own network
 * path; a vault's AzureServices bypass does not cover them ("Use Key Vault references", network-
 * restricted vaults), so a firewalled vault needs the app's VNet integration with a subnet the
 * vault allows, or a private endpoint.
 */
import {
  compliant,
  nonCompliant,
  notApplicable,
  type RuleContext,
  type RuleOutcome,
  type SecurityRule,
  type SynthesizedElement,
  unknown,
} from "../rule";
import { blockList, isUnresolved, valueAt } from "./checks";
import { referencedAddresses } from "./graph";

const APP_TYPES = [
  "azurerm_function_app_flex_consumption",
  "azurerm_linux_function_app",
  "azurerm_windows_function_app",
  "azurerm_linux_web_app",
  "azurerm_windows_web_app",
];
const REFERENCE = /^@Microsoft\.KeyVault\((.*)\)$/i;

/** The app's settings (name → value) and its VNet integration subnet, for azurerm apps and azapi sites. */
function appOf(e: SynthesizedElement): { settings: Record<string, unknown>; subnet?: unknown } | undefined {
  if (e.type === "azapi_resource") {
    if (
      !String(e.config.type ?? "")
        .toLowerCase()
        .startsWith("microsoft.web/sites@")
    )
      return undefined;
    const list = valueAt(e.config.body, "properties.siteConfig.appSettings");
    const settings = Object.fromEntries(
      blockList(list).map((s) => [String((s as { name?: unknown }).name), (s as { value?: unknown }).value]),
    );
    return { settings, subnet: valueAt(e.config.body, "properties.virtualNetworkSubnetId") };
  }
  const settings = e.config.app_settings;
  return {
    settings: settings && typeof settings === "object" ? (settings as Record<string, unknown>) : {},
    subnet: e.config.virtual_network_subnet_id,
  };
}

/** The vault a Key Vault reference points at: an element of the stack, or a literal name. */
function vaultOf(reference: string, context: RuleContext): SynthesizedElement | string | undefined {
  for (const address of referencedAddresses(reference)) {
    const secret = context.find(address);
    if (secret?.type === "azurerm_key_vault_secret")
      return (
        referencedAddresses(secret.config.key_vault_id)
          .map((a) => context.find(a))
          .find(Boolean) ?? "a vault outside this stack"
      );
  }
  const name = /VaultName=([^;)]+)/i.exec(reference)?.[1] ?? /https:\/\/([^.]+)\.vault\./i.exec(reference)?.[1];
  if (name === undefined) return undefined;
  return (
    context
      .ofType("resource", "azurerm_key_vault")
      .find((v) => String(v.config.name).toLowerCase() === name.toLowerCase()) ?? name
  );
}

/** Whether `value` is set: an app without a subnet has no VNet integration. */
const isSet = (value: unknown) => value !== undefined && value !== null && value !== "";

/**
 * Why `vault` refuses the app's references, or undefined when they get through. A denying vault is
 * reached only from the app's VNet: through a private endpoint, or (with public network access on)
 * through a subnet rule, which sees the app's traffic only over the subnet's Microsoft.KeyVault
 * service endpoint. With public network access off, Key Vault ignores its subnet rules.
 */
function refusal(vault: SynthesizedElement, subnet: unknown, context: RuleContext): string | undefined {
  const publicOff =
    vault.config.public_network_access_enabled === false || vault.config.public_network_access_enabled === "false";
  const denies = valueAt(vault.config, "network_acls.default_action") === "Deny" || publicOff;
  if (!denies) return undefined;
  if (!isSet(subnet))
    return `${vault.address} denies public traffic and the app has no VNet integration (its trusted-services bypass does not cover Key Vault references)`;
  const privateEndpoint = context
    .ofType("resource", "azurerm_private_endpoint")
    .some((pe) =>
      blockList(pe.config.private_service_connection).some((c) =>
        referencedAddresses((c as Record<string, unknown>).private_connection_resource_id).includes(vault.address),
      ),
    );
  if (privateEndpoint) return undefined;
  if (publicOff)
    return `${vault.address} has public network access off and no private endpoint (with public access off, Key Vault ignores its subnet rules)`;
  const subnetAddresses = referencedAddresses(subnet);
  const allowed = blockList(valueAt(vault.config, "network_acls.virtual_network_subnet_ids"));
  const same = allowed.some((s) => s === subnet || referencedAddresses(s).some((a) => subnetAddresses.includes(a)));
  if (!same)
    return `${vault.address} denies public traffic and neither allows the app's subnet nor has a private endpoint`;
  // A subnet of this stack: the vault sees the app's traffic as the subnet's only over its service endpoint.
  const subnetElement = subnetAddresses.map((a) => context.find(a)).find((e) => e?.type === "azurerm_subnet");
  const endpoints = subnetElement?.config.service_endpoints;
  if (
    subnetElement &&
    !isUnresolved(endpoints) &&
    !blockList(endpoints).some((e) => String(e).toLowerCase() === "microsoft.keyvault")
  ) {
    return `${vault.address} allows ${subnetElement.address}, which has no Microsoft.KeyVault service endpoint, so the vault sees the app's traffic as public`;
  }
  return undefined;
}

export const KEY_VAULT_REFERENCE_RULE: SecurityRule = {
  id: "DMF-DEPLOY-KV-REFERENCE-NETWORK",
  mirrors: [],
  description:
    "Every Key Vault reference of a function or web app can reach its vault: the vault allows public traffic, or the app has VNet integration and the vault a private endpoint or (public access on) a rule for the app's subnet, which has the Microsoft.KeyVault service endpoint.",
  severity: "error",
  fix: "Integrate the app with a VNet subnet that has the Microsoft.KeyVault service endpoint and that the vault's network_acls allow, or give the vault a private endpoint the app's network resolves; the AzureServices bypass does not cover Key Vault references.",
  types: [...APP_TYPES, "azapi_resource"],
  check: (e, context): RuleOutcome => {
    const app = appOf(e);
    if (!app) return notApplicable();
    const references = Object.entries(app.settings).filter(([, v]) => typeof v === "string" && REFERENCE.test(v));
    if (references.length === 0) return notApplicable();
    const problems = new Set<string>();
    for (const [name, value] of references) {
      const vault = vaultOf(value as string, context);
      if (vault === undefined) continue;
      if (typeof vault === "string")
        return unknown(`${name} refers to ${vault}, whose firewall this stack does not show`);
      const why = refusal(vault, app.subnet, context);
      if (why) problems.add(why);
    }
    return problems.size > 0 ? nonCompliant([...problems].join("; ")) : compliant();
  },
};
