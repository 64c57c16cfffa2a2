// The app's parts ("directory-manager-flow/app"): the environment config (schema and loader),
// the stack one environment deploys, and (from constructs/pipeline/) the pipeline's one-time bootstrap.
export { DirectoryManagerFlowStack } from "./directory-manager-flow-stack";
export type { DirectoryManagerFlowStackProps } from "./directory-manager-flow-stack";
export { environmentConfigSchema } from "./config-schema";
export type { EnvironmentConfig, EnvironmentConfigInput } from "./config-schema";
export { ConfigError, loadEnvironments, parseEnvironmentConfig } from "./config-loader";
export type { LoadedEnvironment } from "./config-loader";
// The pipeline bootstrap's constructs live in constructs/pipeline/; "directory-manager-flow/app" keeps exporting them.
export * from "../pipeline";
