/**
 * Deploy preflight: what makes a real `cdktf deploy` fail the first time or never settle, read
 * from the synthesized stack (docs/deploying.md#preflight). Provider facts are in provider-facts.ts.
 */
import { posix } from "node:path";
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
import { isUnresolved } from "./checks";
import { dependencyClosure, referencedAddresses } from "./graph";
import {
  DATA_PLANE_WRITES,
  DATA_WRITE_ROLES,
  GLOBAL_NAME_ARM_TYPES,
  GLOBAL_NAME_NAMESPACES,
  STRIPPED_APP_SETTINGS,
  WRITE_ONLY_TWINS,
} from "./provider-facts";
import { KEY_VAULT_REFERENCE_RULE } from "./key-vault-reference";

/** A role assignment to the identity that runs Terraform (its principal comes from a client config). */
function isDeployerGrant(role: SynthesizedElement): boolean {
  const principal = String(role.config.principal_id ?? "");
  return /data\.(azurerm|azuread)_client_config\.[^.]+\.object_id/.test(principal);
}

/** The deployer's data-write role assignments in the stack whose scope is what `write` writes into. */
function grantsFor(write: SynthesizedElement, context: RuleContext): SynthesizedElement[] {
  const targets = new Set(DATA_PLANE_WRITES[write.type].flatMap((arg) => referencedAddresses(write.config[arg])));
  // A blob's container belongs to an account: a grant on the account covers it.
  for (const address of [...targets]) {
    const container = context.find(address);
    if (container?.type === "azurerm_storage_container")
      referencedAddresses(container.config.storage_account_id ?? container.config.storage_account_name).forEach((a) =>
        targets.add(a),
      );
  }
  return context
    .ofType("resource", "azurerm_role_assignment")
    .filter(
      (role) =>
        isDeployerGrant(role) &&
        DATA_WRITE_ROLES.has(String(role.config.role_definition_name ?? "").toLowerCase()) &&
        referencedAddresses(role.config.scope).some((a) => targets.has(a)),
    );
}

const roleWait: SecurityRule = {
  id: "DMF-DEPLOY-ROLE-WAIT",
  mirrors: [],
  description:
    "A data-plane write (Key Vault secret, key or certificate; blob) waits, through a `time_sleep`, for the deployer's data-plane role assignment made in the same apply.",
  severity: "error",
  fix: "Make the write depend on a time_sleep (e.g. 120s) that depends on the role assignment, or grant the role ahead of time (outside this stack).",
  types: Object.keys(DATA_PLANE_WRITES),
  check: (write, context): RuleOutcome => {
    const grants = grantsFor(write, context);
    if (grants.length === 0) return notApplicable();
    const all = dependencyClosure(write, context);
    // Walked without passing a time_sleep: a grant reached this way has a path with no wait.
    const withoutWait = dependencyClosure(write, context, (e) => e.type !== "time_sleep");
    const problems = grants.flatMap((grant) => {
      if (!all.has(grant.address))
        return [
          `it does not wait for ${grant.address} (created in the same apply): Terraform may write before the role exists, and a new role takes minutes to work`,
        ];
      if (withoutWait.has(grant.address))
        return [
          `it depends on ${grant.address} with no time_sleep in between: azurerm's first read fails with 403 until the new role works, with no retry`,
        ];
      return [];
    });
    return problems.length > 0 ? nonCompliant(problems.join("; ")) : compliant();
  },
};

/** Where Terraform looks for a relative local state path: the stack's folder under the output folder. */
const STACK_FOLDER = "/OUTDIR/stacks/STACK";

const localState: SecurityRule = {
  id: "DMF-DEPLOY-LOCAL-STATE",
  mirrors: [],
  description:
    "Local backend state lives outside the cdktf output folder (cdktf synth deletes the folders of stacks it does not synthesize).",
  severity: "error",
  fix: "Give the local backend an absolute path outside cdktf.out, e.g. <project root>/terraform.<stack>.tfstate (cdktf's default), or use a remote backend.",
  kinds: ["backend"],
  types: ["local"],
  check: (e): RuleOutcome => {
    const path = e.config.path;
    if (path === undefined) return compliant();
    if (typeof path !== "string" || isUnresolved(path)) return unknown(`path ${JSON.stringify(path)} is not a literal`);
    if (posix.isAbsolute(path) || /^[A-Za-z]:[\\/]/.test(path)) {
      return path.split(/[\\/]/).includes("cdktf.out")
        ? nonCompliant(`path "${path}" is inside a cdktf.out folder`)
        : compliant();
    }
    const resolved = posix.normalize(posix.join(STACK_FOLDER, path));
    return resolved.startsWith("/OUTDIR/")
      ? nonCompliant(
          `path "${path}" is relative, so Terraform keeps the state in <outdir>/stacks/<stack>/${posix.relative(STACK_FOLDER, resolved)}, a folder cdktf synth deletes when that stack is not synthesized`,
        )
      : compliant();
  },
};

const strippedSetting: SecurityRule = {
  id: "DMF-DEPLOY-STRIPPED-SETTING",
  mirrors: [],
  description:
    "A function app sets no app setting the azurerm provider takes out of `app_settings` on read (each would show as a change on every plan and restart the app on every apply).",
  severity: "error",
  fix: "Set the value through its own attribute (site_config.application_insights_connection_string, storage_* arguments, functions_extension_version …), or manage the app with azapi.",
  types: Object.keys(STRIPPED_APP_SETTINGS),
  check: (e): RuleOutcome => {
    const settings = e.config.app_settings;
    if (settings === undefined) return notApplicable();
    if (typeof settings !== "object" || settings === null) return unknown("app_settings is not a literal map");
    const stripped = STRIPPED_APP_SETTINGS[e.type].filter((key) => key in (settings as Record<string, unknown>));
    return stripped.length > 0
      ? nonCompliant(`app_settings sets ${stripped.join(", ")}, which azurerm 4.55 takes out of app_settings on read`)
      : compliant();
  },
};

/** The namespace and comparable name of an element whose name is unique in all of Azure. */
function globalName(e: SynthesizedElement): { namespace: string; name: string } | undefined {
  const armType =
    e.type === "azapi_resource"
      ? String(e.config.type ?? "")
          .split("@")[0]
          .toLowerCase()
      : undefined;
  const namespace = armType === undefined ? GLOBAL_NAME_NAMESPACES[e.type] : GLOBAL_NAME_ARM_TYPES[armType];
  const name = e.config.name;
  return namespace !== undefined && typeof name === "string" ? { namespace, name: name.toLowerCase() } : undefined;
}

const globalNames: SecurityRule = {
  id: "DMF-DEPLOY-GLOBAL-NAME",
  mirrors: [],
  description:
    "No two resources in a stack have the same Azure-global name (Key Vault, storage account, App Service app), literal or derived by the same expression.",
  severity: "error",
  fix: "Give each its own name, or leave the name out so the construct derives one with a unique suffix.",
  types: [...Object.keys(GLOBAL_NAME_NAMESPACES), "azapi_resource"],
  check: (e, context): RuleOutcome => {
    const mine = globalName(e);
    if (!mine) return notApplicable();
    const types = [...new Set([...Object.keys(GLOBAL_NAME_NAMESPACES), "azapi_resource"])];
    const same = types
      .flatMap((type) => context.ofType("resource", type))
      .filter(
        (other) =>
          other.address !== e.address &&
          globalName(other)?.namespace === mine.namespace &&
          globalName(other)?.name === mine.name,
      );
    return same.length > 0
      ? nonCompliant(
          `${same.map((o) => o.address).join(", ")} has the same ${mine.namespace} name ${JSON.stringify(e.config.name)}; Azure takes it once`,
        )
      : compliant();
  },
};

/** A reference to a variable declared sensitive, in an argument's value. */
function sensitiveVariableIn(value: unknown, context: RuleContext): string | undefined {
  const text = typeof value === "string" ? value : JSON.stringify(value ?? "");
  for (const m of text.matchAll(/\bvar\.([A-Za-z0-9_-]+)/g)) {
    if (context.find(`var.${m[1]}`)?.config.sensitive === true) return `var.${m[1]}`;
  }
  return undefined;
}

const writeOnly: SecurityRule = {
  id: "DMF-DEPLOY-WRITE-ONLY",
  mirrors: [],
  description:
    "A sensitive variable goes into the write-only twin of an argument (e.g. Key Vault secret `value_wo`), never into the argument Terraform stores in state.",
  severity: "error",
  fix: "Write it with the write-only argument (value_wo, with value_wo_version) from an ephemeral variable (Terraform >= 1.11).",
  types: Object.keys(WRITE_ONLY_TWINS),
  check: (e, context): RuleOutcome => {
    const twins = Object.entries(WRITE_ONLY_TWINS[e.type]).filter(([stored]) => e.config[stored] !== undefined);
    if (twins.length === 0) return notApplicable();
    const problems = twins.flatMap(([stored, twin]) => {
      const variable = sensitiveVariableIn(e.config[stored], context);
      return variable ? [`${stored} holds ${variable}, so state stores the secret; ${twin} exists`] : [];
    });
    return problems.length > 0 ? nonCompliant(problems.join("; ")) : compliant();
  },
};

export const DEPLOY_RULES: readonly SecurityRule[] = [
  roleWait,
  localState,
  strippedSetting,
  globalNames,
  KEY_VAULT_REFERENCE_RULE,
  writeOnly,
];
