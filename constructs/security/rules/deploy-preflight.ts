/**
 * Deploy preflight, part two: what makes a real deploy never settle or never land, read from the
 * synthesized stack (docs/hosting.md says why for each). Like deploy.ts, these see a consumer's own
 * composition of the constructs too.
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
import { isUnresolved, valueAt } from "./checks";
import { ARM_ID_SPELLINGS } from "../../arm-ids";
import { AZURERM_ID_SPELLINGS, SITE_BUSY_MESSAGE } from "./provider-facts";

/** Every string inside a value (a body), with its dotted path. */
function strings(value: unknown, path = "body"): [string, string][] {
  if (typeof value === "string") return [[path, value]];
  if (Array.isArray(value)) return value.flatMap((v, i) => strings(v, `${path}[${i}]`));
  if (typeof value === "object" && value !== null)
    return Object.entries(value).flatMap(([k, v]) => strings(v, `${path}.${k}`));
  return [];
}

const armIdCasing: SecurityRule = {
  id: "DMF-DEPLOY-ARM-ID-CASING",
  mirrors: [],
  description:
    "An azapi body carries every ARM resource id spelt as ARM returns it (e.g. `Microsoft.Web/serverfarms`), never an azurerm id whose type segment azurerm spells otherwise: azapi compares the GET response case-sensitively, so the plan would change on every run.",
  severity: "error",
  fix: 'Pass the id through armCasedId() (a Terraform replace with "(?i)" to ARM\'s spelling), as the relay does for serverFarmId.',
  types: ["azapi_resource", "azapi_update_resource"],
  check: (e): RuleOutcome => {
    const found = strings(e.config.body);
    if (found.length === 0) return notApplicable();
    const problems = found.flatMap(([path, value]) => {
      for (const { armType, spelling } of ARM_ID_SPELLINGS) {
        const literal = new RegExp(`/providers/${armType.replace(/[./]/g, (c) => `\\${c}`)}/`, "i").exec(value);
        if (literal && !value.includes(`/providers/${spelling}/`) && !isUnresolved(value))
          return [`${path} spells "${literal[0]}"; ARM returns "/providers/${spelling}/"`];
      }
      for (const [type, spelling] of Object.entries(AZURERM_ID_SPELLINGS)) {
        const bare = new RegExp(`^\\$\\{${type}\\.[^.}]+\\.id\\}`).exec(value);
        if (bare) return [`${path} is ${bare[0]}, which azurerm spells "${spelling}" and ARM returns otherwise`];
      }
      return [];
    });
    return problems.length > 0 ? nonCompliant(problems.join("; ")) : compliant();
  },
};

/** The `packageUri` of a OneDeploy request (an action or an extensions resource), if the element is one. */
function packageUri(e: SynthesizedElement): unknown {
  const oneDeploy =
    (e.type === "azapi_resource_action" && /extensions\/onedeploy$/i.test(String(e.config.action ?? ""))) ||
    (e.type === "azapi_resource" && /^Microsoft\.Web\/sites\/extensions@/i.test(String(e.config.type ?? "")));
  return oneDeploy ? valueAt(e.config, "body.properties.packageUri") : undefined;
}

const privatePackageUri: SecurityRule = {
  id: "DMF-DEPLOY-PRIVATE-PACKAGE-URI",
  mirrors: [],
  description:
    "No OneDeploy request in the stack points `packageUri` at a blob without a SAS: Kudu fetches it with an anonymous GET, so a private blob never lands, and Flex can report success anyway.",
  severity: "error",
  fix: "Push the package after the apply with an Entra token (dmflow deploy-code), or pass a short-lived SAS URL through sensitive_body.",
  types: ["azapi_resource_action", "azapi_resource"],
  check: (e): RuleOutcome => {
    const uri = packageUri(e);
    if (uri === undefined) return notApplicable();
    const text = typeof uri === "string" ? uri : JSON.stringify(uri);
    if (/[?&]sig=/.test(text)) return compliant();
    if (/\.blob\.core\.windows\.net|primary_blob_endpoint/.test(text))
      return nonCompliant(`packageUri ${text} is a blob URL without a SAS (no sig=)`);
    return unknown(`packageUri ${text} may or may not carry a SAS`);
  },
};

/** The azurerm provider blocks' `features.storage.data_plane_available` (true when left out). */
function dataPlanePollOn(context: RuleContext): boolean | undefined {
  const providers = context.ofType("provider", "azurerm");
  if (providers.length === 0) return undefined;
  return providers.some((p) => {
    const v = valueAt(p.config, "features.storage.data_plane_available");
    return v !== false && v !== "false";
  });
}

const dataPlanePoll: SecurityRule = {
  id: "DMF-DEPLOY-STORAGE-DATA-PLANE-POLL",
  mirrors: [],
  description:
    "A storage account created behind a firewall is created with the azurerm provider's data-plane poll off (`features.storage.data_plane_available = false`): azurerm 4.55 polls a new account's blob and queue endpoints, and a firewall 403 there fails the create and taints the account.",
  severity: "error",
  fix: "Set features: [{ storage: [{ dataPlaneAvailable: false }] }] on the AzurermProvider (DirectoryManagerFlowStack does).",
  types: ["azurerm_storage_account"],
  check: (e, context): RuleOutcome => {
    const action = valueAt(e.config, "network_rules.default_action");
    const closed = action === "Deny" || e.config.public_network_access_enabled === false;
    if (!closed) return isUnresolved(action) ? unknown(`network_rules.default_action is ${action}`) : notApplicable();
    const on = dataPlanePollOn(context);
    if (on === undefined) return unknown("the stack declares no azurerm provider block to read");
    return on
      ? nonCompliant("the account denies by default and the azurerm provider's data-plane poll is on")
      : compliant();
  },
};

const publishingPolicyRetry: SecurityRule = {
  id: "DMF-DEPLOY-SITE-RETRY",
  mirrors: [],
  description: `A site's publishing policy is set with a \`retry\` on "${SITE_BUSY_MESSAGE}": it races the site's own operations for the site's lock and fails the apply otherwise.`,
  severity: "error",
  fix: "Give it retry: SITE_BUSY_RETRY (constructs/flow-relay/flex-site-body.ts), and set the policies one after the other.",
  types: ["azapi_resource", "azapi_update_resource"],
  check: (e): RuleOutcome => {
    if (!/^Microsoft\.Web\/sites\/basicPublishingCredentialsPolicies@/i.test(String(e.config.type ?? "")))
      return notApplicable();
    const patterns = valueAt(e.config, "retry.error_message_regex");
    const list = Array.isArray(patterns) ? patterns.map(String) : [];
    return list.some((p) => new RegExp(p).test(SITE_BUSY_MESSAGE))
      ? compliant()
      : nonCompliant(`no retry.error_message_regex matches "${SITE_BUSY_MESSAGE}"`);
  },
};

/** Resource addresses a value references ("type.name"). */
const referencedResources = (value: unknown) =>
  [...JSON.stringify(value ?? "").matchAll(/\$\{[^}]*?\b([a-z][a-z0-9_]*\.[A-Za-z0-9_-]+)\.[a-z_]+/g)]
    .map((m) => m[1])
    .filter((a) => !a.startsWith("var.") && !a.startsWith("data.") && !a.startsWith("local."));

const secretTimerVersion: SecurityRule = {
  id: "DMF-DEPLOY-SECRET-VERSION",
  mirrors: [],
  description:
    "A Key Vault secret written write-only from another resource's value (e.g. an application password) takes its `value_wo_version` from that resource, not from a timer: the resource can be replaced without the timer moving (a lifetime change), and the vault would keep the old value.",
  severity: "error",
  fix: "Derive value_wo_version from the source resource (e.g. parseint(substr(sha1(<password>.key_id), 0, 8), 16)).",
  types: ["azurerm_key_vault_secret"],
  check: (e): RuleOutcome => {
    const sources = referencedResources(e.config.value_wo);
    if (sources.length === 0) return notApplicable();
    const versionFrom = referencedResources(e.config.value_wo_version);
    const timers = versionFrom.filter((a) => a.startsWith("time_rotating."));
    if (timers.length > 0 && !versionFrom.some((a) => sources.includes(a)))
      return nonCompliant(
        `value_wo comes from ${sources.join(", ")} but value_wo_version from ${timers.join(", ")}: a replacement the timer does not see never reaches the vault`,
      );
    return compliant();
  },
};

export const DEPLOY_PREFLIGHT_RULES: readonly SecurityRule[] = [
  armIdCasing,
  privatePackageUri,
  dataPlanePoll,
  publishingPolicyRetry,
  secretTimerVersion,
];
