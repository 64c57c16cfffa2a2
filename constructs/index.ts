// The construct library's public API: the constructs, their props, and the values those take.
// App-only parts (config schema and loader, the stack, PipelineBootstrap) are in
// "directory-manager-flow/app"; the whole security rule pack is in "directory-manager-flow/security";
// the relay's internal contract (its app setting names, queues, limits) in "directory-manager-flow/contract".
import type * as SecurityPack from "./security";

export { DirectoryManagerFlow } from "./directory-manager-flow";
export type { DirectoryManagerFlowProps, DirectoryManagerFlowRelayProps } from "./directory-manager-flow";

export { DirectoryManagerApp, MAX_CLIENT_SECRET_LIFETIME_DAYS } from "./directory-manager-app";
export type { DirectoryManagerAppProps } from "./directory-manager-app";
export { DEFAULT_DELEGATED_PERMISSIONS, RESOURCE_APIS } from "./resource-apis";
export type { DelegatedPermissions, ResourceApiName, ScopeOf } from "./resource-apis";

export { SecureKeyVault } from "./secure-key-vault";
export type { SecureKeyVaultProps } from "./secure-key-vault";
// What the constructs consume, as small interfaces: pass your own resources or data sources.
export { addVaultSecret, grantVaultSecretRead } from "./key-vault-ref";
export type { KeyVaultRef, VaultSecretProps } from "./key-vault-ref";
export type { ResourceGroupRef } from "./resource-group-ref";
export type { IdentityRef } from "./identity-ref";
export type { SubnetRef } from "./subnet-ref";

export { FlowEnvironment, FLOW_HOST_SUFFIXES, flowUrlVariableName, validateFlowRequestUrl } from "./flow-environment";
export type {
  DepartmentSiteProps,
  FlowCloud,
  FlowEnvironmentProps,
  FlowRequestUrlSource,
  FlowRoute,
  FlowRouteProps,
} from "./flow-environment";

export {
  DEFAULT_ADDRESS_SPACE,
  FlowRelay,
  FLEX_INSTANCE_MEMORY_MB,
  FLEX_NODE_VERSIONS,
  FLEX_SUBNET_MAX_PREFIX,
  PRIVATE_DNS_ZONES,
  STORAGE_REPLICATION,
} from "./flow-relay";
export type {
  DecisionKeySecrets,
  DirectoryManagerCredential,
  DirectoryManagerCredentialsSource,
  FlowRelayDecisions,
  FlowRelayNames,
  FlowRelayNetwork,
  FlowRelayProps,
  FlowRelayRoute,
  PrivateEndpointService,
  StorageReplication,
} from "./flow-relay";

// The departments' shape, as FlowEnvironment gives them and FlowRelay takes them (the relay's
// contract, "directory-manager-flow/contract", has the rest).
export type { RelayDepartmentSetting } from "../contract/relay-settings";

export { PropError } from "./validation";

// FlowRelay's function app is declared through the azapi provider; a consumer's stack adds it.
export { AZAPI_PROVIDER_VERSION, AzapiProvider } from "./providers/azapi";
export type { AzapiProviderConfig, AzapiResource } from "./providers/azapi";

// The security rule pack's entry points. The pack (its engine and rules) loads on first use, so
// a consumer that only composes constructs does not pay for it.
export { suppressRule, suppressionsOf } from "./security/suppress";
export type { RuleSuppression } from "./security/suppress";
export type {
  RuleSeverity,
  SecurityFinding,
  SecurityRecord,
  SecurityRules,
  SecurityRulesOptions,
  SuppressedFinding,
  SuppressionRecord,
} from "./security";
const securityPack = (): typeof SecurityPack => require("./security") as typeof SecurityPack;

/** Checks every resource under `scope` against the security rules at synth (see the "./security" entry). */
export function applySecurityRules(
  ...args: Parameters<typeof SecurityPack.applySecurityRules>
): ReturnType<typeof SecurityPack.applySecurityRules> {
  return securityPack().applySecurityRules(...args);
}

/** Switches the security rules off for one stack, with a written reason that is recorded and reported. */
export function optOutOfSecurityRules(
  ...args: Parameters<typeof SecurityPack.optOutOfSecurityRules>
): ReturnType<typeof SecurityPack.optOutOfSecurityRules> {
  return securityPack().optOutOfSecurityRules(...args);
}
