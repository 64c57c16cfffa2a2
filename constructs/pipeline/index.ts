// The pipeline's one-time bootstrap (bootstrap/ runs it): state storage, and the plan and deploy
// identities with their federated credentials and constrained role assignments.
export { PipelineBootstrap } from "./pipeline-bootstrap";
export type { PipelineBootstrapProps, PipelineEnvironment } from "./pipeline-bootstrap";
export { PipelineIdentity } from "./pipeline-identity";
export type { FederatedSubject, PipelineGrant } from "./pipeline-identity";
export type { AzureDevOpsFederation, GitHubFederation } from "./pipeline-federation";
export { DEPLOY_ASSIGNABLE_ROLES, DEPLOY_RESOURCE_PROVIDERS, constrainedRoleAssignmentCondition } from "./deploy-roles";
