// FlowEnvironment's public surface: the construct, its props, and the checks of the values
// Directory Manager's Power Automate settings take (the config schema uses the same ones).
export { FlowEnvironment } from "./flow-environment";
export type {
  DepartmentSiteProps,
  FlowEnvironmentProps,
  FlowRequestUrlSource,
  FlowRoute,
  FlowRouteProps,
} from "./props";
export {
  FLOW_HOST_SUFFIXES,
  flowRequestUrlForm,
  flowRequestUrlPattern,
  flowUrlVariableName,
  validateFlowRequestUrl,
} from "./flow-request-url";
export type { FlowCloud } from "./flow-request-url";
export {
  normaliseCallbackUrl,
  normaliseDirectoryManagerServer,
  normaliseGuid,
  normaliseOrgCode,
  normaliseRegion,
  normaliseSharePointSiteUrl,
  parseEnvironmentUrl,
  validateDepartmentName,
  validateIdentityStoreId,
} from "./normalise";
export { DATAVERSE_REGIONS, POWER_PLATFORM_GEOS } from "./regions";
