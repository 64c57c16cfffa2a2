import type { Limit } from "../contract/relay-limits";
import type { PropChecks, WholeNumberOptions } from "./validation";

/**
 * Default and range of each numeric setting that both a config field and a construct prop take,
 * defined once (the relay's own are RELAY_LIMITS in contract/relay-limits.ts). The config schema
 * and the props' checks read these; test/docs/settings-catalogue.test.ts keeps the props' JSDoc
 * `@default` and docs/configuration.md equal to them.
 */
export const SETTING_BOUNDS = {
  /**
   * Seconds a data-plane write (Key Vault secret, relay package) waits after the deployer's new
   * role assignment. Azure takes up to 10 minutes to honour a new data-plane role (its RBAC
   * troubleshooting page), most often one or two; azurerm's first read of a Key Vault secret or
   * blob fails on a 403 with no retry.
   */
  roleWaitSeconds: { default: 120, min: 1, max: 1800, unit: "seconds" },
  /** Days a deleted Key Vault or secret can be recovered (Azure's range). */
  keyVaultSoftDeleteRetentionDays: { default: 90, min: 7, max: 90, unit: "days" },
  /** Days a flow URL secret is valid; each apply after lifetime - 30 days extends it, hence at least 31. */
  flowUrlSecretLifetimeDays: { default: 365, min: 31, max: 730, unit: "days" },
  /**
   * Days the app registration's client secret is valid: Microsoft recommends under 12 months.
   * DirectoryManagerApp refuses longer secrets; the security rules flag them by default.
   */
  clientSecretLifetimeDays: { default: 180, min: 1, max: 365, unit: "days" },
  /** Most instances the relay's function app scales out to (Flex Consumption's range). */
  maximumInstanceCount: { default: 100, min: 40, max: 1000 },
  /** Days the relay's Log Analytics workspace keeps logs (storage queue logs keep at most 365). */
  logRetentionDays: { default: 30, min: 30, max: 730, unit: "days" },
  /**
   * A generation an admin raises (1, 2, …) to rewrite write-only values at the next deploy:
   * flowUrlsVersion, and the decisions' credentialsVersion, tokenKeyVersion and decisionsKeyVersion.
   */
  generation: { default: 1, min: 1, max: 1_000_000 },
} as const satisfies Record<string, Limit>;

/** Flex Consumption instance sizes, in MB. */
export const FLEX_INSTANCE_MEMORY_MB = [512, 2048, 4096] as const;
/** Node.js versions Flex Consumption runs that are still supported (Node 20 ended on 30 Apr 2026). */
export const FLEX_NODE_VERSIONS = ["22", "24"] as const;
/** Storage replication kinds; the first two keep data in one region. */
export const STORAGE_REPLICATION = ["LRS", "ZRS", "GRS", "RAGRS", "GZRS", "RAGZRS"] as const;

/** Default and allowed values of each setting that config and a prop both take from a fixed list. */
export const SETTING_CHOICES = {
  /** Memory per relay instance in MB. */
  instanceMemoryInMb: { default: 2048, allowed: FLEX_INSTANCE_MEMORY_MB },
  /** Node.js major version of the relay on Azure. */
  nodeVersion: { default: "22", allowed: FLEX_NODE_VERSIONS },
  /** Replication of the relay's storage account: LRS keeps the data in one region. */
  storageReplication: { default: "LRS", allowed: STORAGE_REPLICATION },
} as const;

/** Defaults of the free-text settings that config and a prop both take. */
export const SETTING_DEFAULTS = {
  /** Display name prefix of the department groups (departmentGroups.namePrefix). */
  departmentGroupNamePrefix: "SharePoint access - ",
} as const;

/** A numeric prop within its bounds, or the bounds' default when left out. */
export function boundedProp(
  checks: PropChecks,
  prop: string,
  value: number | undefined,
  bounds: Limit,
  options?: WholeNumberOptions,
): number {
  return checks.wholeNumber(prop, value ?? bounds.default, bounds.min, bounds.max, options);
}
