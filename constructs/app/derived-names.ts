import type { EnvironmentConfig } from "./config-schema";
import { relayNames } from "../flow-relay/relay-names";

/**
 * The names and tags a DirectoryManagerFlowStack derives from its environment (the config file's
 * name) and config. The stack builds with these, and the loader checks them (validity, and
 * collisions between environment files) with these same functions before any stack is built.
 */

/** `<namePrefix>-<environment>`: the start of every derived resource name. */
export const stackNamePrefix = (environment: string, config: EnvironmentConfig) => `${config.namePrefix}-${environment}`;

/** The tags on every resource: the stack's own two, then config's. */
export const stackTags = (environment: string, config: EnvironmentConfig): Record<string, string> => ({
  environment,
  "managed-by": "directory-manager-flow",
  ...config.tags,
});

/** resourceGroup.name, or `<namePrefix>-<environment>-rg`. */
export const resourceGroupName = (environment: string, config: EnvironmentConfig) => config.resourceGroup.name ?? `${stackNamePrefix(environment, config)}-rg`;

/** keyVault.name, or `<namePrefix>-<environment>-kv` (checked by the loader, and by SecureKeyVault). */
export const keyVaultName = (environment: string, config: EnvironmentConfig) => config.keyVault.name ?? `${stackNamePrefix(environment, config)}-kv`;

/** The Directory Manager app registration's display name. */
export const appDisplayName = (_environment: string, config: EnvironmentConfig) => config.directoryManagerApp.displayName;

/** True when the stack deploys the relay: it is enabled and serves a flow environment. */
export const deploysRelay = (config: EnvironmentConfig) => config.relay.enabled && config.flowEnvironment !== undefined;

/** The relay's storage account name (globally unique), when the stack deploys the relay. */
export const relayStorageAccountName = (environment: string, config: EnvironmentConfig) =>
  deploysRelay(config) ? relayNames(stackNamePrefix(environment, config)).storageAccount : undefined;
