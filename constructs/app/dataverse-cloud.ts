import type { FlowCloud } from "../../contract/flow-hosts";

/**
 * The cloud a Dataverse environment URL belongs to, by its domain. Commercial and GCC environments
 * are on dynamics.com (GCC is crm9, whose flows may run in either cloud), GCC High and DoD on
 * microsoftdynamics.us and appsplatform.us, 21Vianet (China) on dynamics.cn.
 */
const DOMAIN_CLOUDS: readonly [string, FlowCloud | "china"][] = [
  ["dynamics.com", "public"],
  ["microsoftdynamics.us", "usgovernment"],
  ["appsplatform.us", "usgovernment"],
  ["dynamics.cn", "china"],
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
  if (urlCloud === "china")
    return `an environment in the public or US Government cloud: ${domain} is the 21Vianet (China) cloud, whose Power Automate this package does not support`;
  if (urlCloud === cloud) return undefined;
  if (domain === "dynamics.com" && /^[^.]+\.crm9\./.test(host)) return undefined; // GCC: either cloud
  return `an environment URL of the "${cloud}" cloud set in flowEnvironment.cloud (${domain} is the ${urlCloud} cloud); set cloud to "${urlCloud}" or correct the URL`;
}
