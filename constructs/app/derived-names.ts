import type { EnvironmentConfig } from "./config-schema";
import { relayNames } from "../flow-relay/relay-names";
import { NAME_RULES, derivedName } from "../naming/derived-name";
import { uniqueSuffixOf } from "../naming/unique-suffix";

/**
 * The names and tags a DirectoryManagerFlowStack derives from its environment (the config file's
 * name) and config. The stack builds with these, and the loader checks them (validity, and
 * collisions between environment files) with these same functions before any stack is built.
 */

/** The composite's construct id in the stack: `<environment>/directory-manager-flow` is its path. */
export const COMPOSITE_ID = "directory-manager-flow";

/** `<namePrefix>-<environment>`: the start of every derived resource name. */
export const stackNamePrefix = (environment: string, config: EnvironmentConfig) =>
  `${config.namePrefix}-${environment}`;

/** The tags on every resource: the stack's own two, then config's. */
export const stackTags = (environment: string, config: EnvironmentConfig): Record<string, string> => ({
  environment,
  "managed-by": "directory-manager-flow",
  ...config.tags,
});

/**
 * The subscription, when known at synth: config's subscriptionId, else ARM_SUBSCRIPTION_ID (as the
 * azurerm provider reads it). Undefined when only the Azure CLI login knows it: derived names are
 * then known at plan.
 */
export const subscriptionOf = (config: EnvironmentConfig): string | undefined =>
  config.subscriptionId ?? process.env.ARM_SUBSCRIPTION_ID;

/** The suffix of the stack's derived names (uniqueSuffix of the composite), when the subscription is known at synth. */
const nameSuffix = (environment: string, config: EnvironmentConfig) => {
  const subscription = subscriptionOf(config);
  return subscription === undefined ? undefined : uniqueSuffixOf(subscription, `${environment}/${COMPOSITE_ID}`);
};

/** resourceGroup.name, or `<namePrefix>-<environment>-rg`. */
export const resourceGroupName = (environment: string, config: EnvironmentConfig) =>
  config.resourceGroup.name ?? `${stackNamePrefix(environment, config)}-rg`;

/** keyVault.name, or `<namePrefix>-<environment>-kv-<suffix>`; undefined when that is known only at plan. */
export const keyVaultName = (environment: string, config: EnvironmentConfig): string | undefined => {
  const suffix = nameSuffix(environment, config);
  return (
    config.keyVault.name ??
    (suffix === undefined
      ? undefined
      : derivedName(NAME_RULES.keyVault, stackNamePrefix(environment, config), "kv", suffix))
  );
};

/** The Directory Manager app registration's display name: config's, or one that carries the environment. */
export const appDisplayName = (environment: string, config: EnvironmentConfig) =>
  config.directoryManagerApp.displayName ?? `Netwrix Directory Manager (${environment})`;

/** True when the stack deploys the relay: it is enabled and serves a flow environment. */
export const deploysRelay = (config: EnvironmentConfig) => config.relay.enabled && config.flowEnvironment !== undefined;

/** The relay's storage account name (unique in Azure), when the stack deploys the relay and it is known at synth. */
export const relayStorageAccountName = (environment: string, config: EnvironmentConfig) => {
  const suffix = nameSuffix(environment, config);
  return deploysRelay(config) && suffix !== undefined
    ? relayNames(stackNamePrefix(environment, config), suffix).storageAccount
    : undefined;
};
