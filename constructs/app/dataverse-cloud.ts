import type { FlowCloud } from "../../contract/flow-hosts";

/**
 * The cloud a Dataverse environment URL belongs to, by its domain. Commercial and GCC environments
 * are on dynamics.com (GCC is crm9, whose flows may run in either cloud), GCC High and DoD on
 * microsoftdynamics.us and appsplatform.us. (21Vianet's dynamics.cn is refused by orgCode's own
 * check, normaliseOrgCode.)
 */
const DOMAIN_CLOUDS: readonly [string, FlowCloud][] = [
  ["dynamics.com", "public"],
  ["microsoftdynamics.us", "usgovernment"],
  ["appsplatform.us", "usgovernment"],
];

/** Why an environment URL in orgCode cannot work with `cloud`, or undefined when it can (or is no URL). */
export function dataverseCloudProblem(orgCode: string, cloud: FlowCloud): string | undefined {
  const host = orgCode
    .trim()
    .toLowerCase()
    .replace(/^https:\/\//, "")
    .split(/[/?#:]/)[0];
  const match = DOMAIN_CLOUDS.find(([domain]) => host.endsWith(`.${domain}`));
  if (!match || !host.includes(".")) return undefined;
  const [domain, urlCloud] = match;
  if (urlCloud === cloud) return undefined;
  if (domain === "dynamics.com" && /^[^.]+\.crm9\./.test(host)) return undefined; // GCC: either cloud
  return `an environment URL of the "${cloud}" cloud set in flowEnvironment.cloud (${domain} is the ${urlCloud} cloud); set cloud to "${urlCloud}" or correct the URL`;
}
