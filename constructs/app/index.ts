// The app's parts ("directory-manager-flow/app"): the environment config (schema and loader),
// the stack one environment deploys, and the pipeline's one-time bootstrap.
export { DirectoryManagerFlowStack } from "./directory-manager-flow-stack";
export type { DirectoryManagerFlowStackProps } from "./directory-manager-flow-stack";
export { environmentConfigSchema } from "./config-schema";
export type { EnvironmentConfig, EnvironmentConfigInput } from "./config-schema";
export { ConfigError, loadEnvironments, parseEnvironmentConfig } from "./config-loader";
export type { LoadedEnvironment } from "./config-loader";
export { PipelineBootstrap } from "./pipeline-bootstrap";
export type { PipelineBootstrapProps, PipelineEnvironment } from "./pipeline-bootstrap";
export { PipelineIdentity } from "./pipeline-identity";
export type { FederatedSubject, PipelineGrant } from "./pipeline-identity";
export type { AzureDevOpsFederation, GitHubFederation } from "./pipeline-federation";
export { DEPLOY_ASSIGNABLE_ROLES, DEPLOY_RESOURCE_PROVIDERS, constrainedRoleAssignmentCondition } from "./deploy-roles";
