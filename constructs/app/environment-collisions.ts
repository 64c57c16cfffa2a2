import type { EnvironmentConfig } from "./config-schema";
import { appDisplayName, keyVaultName, relayStorageAccountName, resourceGroupName } from "./derived-names";

/** One environment as the collision checks see it. */
export interface EnvironmentEntry {
  readonly name: string;
  readonly file: string;
  readonly config: EnvironmentConfig;
}

/** Something two environments would both claim: its field, value and scope. */
interface Claim {
  readonly field: string;
  /** What the value is, for the message, e.g. "Key Vault name". */
  readonly what: string;
  readonly value: string;
  /** Where it must be unique, e.g. "globally in Azure"; part of the comparison key. */
  readonly scope: string;
  readonly fix: string;
}

const unset = (value: string | undefined, what: string) => value?.toLowerCase() ?? `(${what} from the pipeline)`;

/**
 * What one environment creates that must be unique across environments, with the names as the
 * stack derives them (derived-names.ts). Unset tenant and subscription ids count as the same:
 * the pipeline's credentials then decide, and one pipeline has one set.
 */
function claims(env: EnvironmentEntry): Claim[] {
  const { config, name } = env;
  const out: Claim[] = [];
  // Derived names carry the environment in their suffix; unknown until plan, they are not compared.
  const vault = keyVaultName(name, config);
  if (vault !== undefined) {
    out.push({
      field: "keyVault.name",
      what: "Key Vault name",
      value: vault.toLowerCase(),
      scope: "Key Vault names are unique in all of Azure",
      fix: "give each environment its own keyVault.name",
    });
  }
  if (!config.resourceGroup.useExisting) {
    out.push({
      field: "resourceGroup.name",
      what: "resource group",
      value: resourceGroupName(name, config).toLowerCase(),
      scope: `both would create it in subscription ${unset(config.subscriptionId, "subscription")}`,
      fix: "give each environment its own resourceGroup.name, or set resourceGroup.useExisting in all but one",
    });
  }
  if (config.backend.type === "azurerm") {
    const b = config.backend;
    out.push({
      field: "backend.key",
      what: "state blob",
      value: `${b.storageAccountName}/${b.containerName}/${b.key}`,
      scope: "each environment needs a state of its own",
      fix: "give each environment its own backend.key (e.g. <environment>.tfstate)",
    });
    out.push({
      field: "backend.storageAccountName",
      what: "storage account name",
      value: b.storageAccountName,
      scope: "storage account names are unique in all of Azure",
      fix: "",
    });
  }
  const relayStorage = relayStorageAccountName(name, config);
  if (relayStorage !== undefined) {
    out.push({
      field: "namePrefix",
      what: 'relay storage account name (namePrefix and the file name in letters and digits, "relay" and the suffix)',
      value: relayStorage,
      scope: "storage account names are unique in all of Azure",
      fix: "give one of them another namePrefix",
    });
  }
  if (config.directoryManagerApp.enabled) {
    out.push({
      field: "directoryManagerApp.displayName",
      what: "app registration display name",
      value: appDisplayName(name, config).toLowerCase(),
      scope: `both would register it in tenant ${unset(config.tenantId, "tenant")}, which refuses a second app of that name`,
      fix: "give each environment its own directoryManagerApp.displayName, or set tenantId where they are in different tenants",
    });
  }
  return out;
}

/** Storage account names: the relay's and the state backend's share one global namespace. */
const namespace = (claim: Claim) =>
  claim.scope.startsWith("storage account") ? "storage" : `${claim.field}|${claim.scope}`;

/**
 * Problems where two environment files claim the same thing: a name Azure allows once, the same
 * state blob, or a resource group both would create. Checked before any stack is built. Each
 * problem names both files; `report` limits them to collisions involving those environments.
 */
export function environmentCollisions(
  environments: readonly EnvironmentEntry[],
  report?: ReadonlySet<string>,
): string[] {
  const problems: string[] = [];
  const first = new Map<string, { env: EnvironmentEntry; claim: Claim }>();
  for (const env of environments) {
    const mine = new Set<string>();
    for (const claim of claims(env)) {
      const key = `${namespace(claim)}|${claim.value}`;
      if (mine.has(key)) continue; // one environment may use one name twice (its own backend account)
      mine.add(key);
      const earlier = first.get(key);
      if (!earlier) {
        first.set(key, { env, claim });
        continue;
      }
      // Environments share a state storage account as a matter of course; only its blobs must differ.
      if (claim.field === "backend.storageAccountName" && earlier.claim.field === claim.field) continue;
      if (report && !report.has(env.name) && !report.has(earlier.env.name)) continue;
      const fix = claim.fix || earlier.claim.fix || "change one of them";
      const there =
        earlier.claim.field === claim.field
          ? earlier.env.file
          : `${earlier.env.file} (its ${earlier.claim.what}, field "${earlier.claim.field}")`;
      problems.push(
        `${env.file}: field "${claim.field}": the ${claim.what} "${claim.value}" is the same as in ${there}, and ${claim.scope}; expected a value of its own: ${fix}`,
      );
    }
  }
  return problems;
}
