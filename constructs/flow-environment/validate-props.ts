import type { IConstruct } from "../providers/cdktf";
import { ROUTE_KEY } from "../../contract/patterns";
import { PropChecks, described, isUnresolved } from "../validation";
import { SETTING_BOUNDS, boundedProp } from "../settings-bounds";
import { FLOW_HOST_SUFFIXES, type FlowCloud } from "./flow-request-url";
import {
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
import type { FlowEnvironmentProps } from "./props";

/** FlowEnvironment's props checked and normalised, with every default applied. */
export interface FlowEnvironmentSettings {
  readonly orgCode: string;
  readonly region: string;
  readonly directoryManagerUrl: string;
  /** Power Automate's callback URL (groupIDServiceUrl), when given. */
  readonly groupIDServiceUrl?: string;
  readonly identityStoreId: number;
  readonly clientId: string;
  readonly tenantId: string;
  readonly allowedFlowHostSuffixes: readonly string[];
  readonly flowUrlSecretLifetimeDays: number;
  readonly flowUrlsVersion: number;
  /** Department → normalised site URL and group object id (when given). */
  readonly departments: Record<string, { readonly siteUrl: string; readonly groupObjectId?: string }>;
}

/** Checks every FlowEnvironment prop (each problem named by path, prop and value) and normalises it. */
export function validateFlowEnvironmentProps(scope: IConstruct, props: FlowEnvironmentProps): FlowEnvironmentSettings {
  const checks = new PropChecks(scope);
  const orgCode = checks.normalised("orgCode", props.orgCode, normaliseOrgCode);
  const fromUrl = isUnresolved(props.orgCode) ? undefined : parseEnvironmentUrl(props.orgCode);
  const regionFromUrl = fromUrl && regionOfUrl(checks, props.orgCode, fromUrl.region);
  if (props.region === undefined && regionFromUrl === undefined) {
    checks.fail(
      "region",
      "given (a Dataverse region subdomain such as crm4) unless orgCode is the environment URL https://myorg.crm4.dynamics.com",
      undefined,
    );
  }
  const region =
    props.region === undefined ? regionFromUrl! : checks.normalised("region", props.region, normaliseRegion);
  if (props.region !== undefined && regionFromUrl !== undefined && !isUnresolved(region) && regionFromUrl !== region) {
    checks.fail("region", `the region of orgCode's URL ("${fromUrl!.region}"), or left out`, props.region);
  }
  const cloud = checks.oneOf<FlowCloud>(
    "cloud",
    props.cloud ?? "public",
    Object.keys(FLOW_HOST_SUFFIXES) as FlowCloud[],
  );
  const lifetime = boundedProp(
    checks,
    "flowUrlSecretLifetimeDays",
    props.flowUrlSecretLifetimeDays,
    SETTING_BOUNDS.flowUrlSecretLifetimeDays,
    {
      knownAtSynthBecause: "it sets the secrets' expiry and rotation",
    },
  );

  const routeKeys = Object.keys(props.routes);
  if (routeKeys.length === 0)
    checks.fail("routes", 'an object with at least one workflow route, e.g. "create-user"', props.routes);
  for (const key of routeKeys) {
    if (key.length > 40) checks.fail("routes keys", "at most 40 characters", key);
    checks.matches("routes keys", key, ROUTE_KEY, 'lower-case words joined by hyphens, e.g. "create-user"');
    checks.matches(
      `routes["${key}"].displayName`,
      props.routes[key].displayName,
      /^(?=[\s\S]*\S)[\s\S]{1,100}$/,
      "the route's name in Directory Manager, 1-100 characters",
    );
    if (props.routes[key].auth !== undefined)
      checks.oneOf(`routes["${key}"].auth`, props.routes[key].auth, ["sig", "entra"] as const);
  }

  return {
    orgCode,
    region,
    directoryManagerUrl: checks.normalised(
      "directoryManagerServer",
      props.directoryManagerServer,
      normaliseDirectoryManagerServer,
    ),
    ...(props.groupIDServiceUrl === undefined
      ? {}
      : { groupIDServiceUrl: checks.normalised("groupIDServiceUrl", props.groupIDServiceUrl, normaliseCallbackUrl) }),
    identityStoreId: checks.normalised("identityStoreId", props.identityStoreId, validateIdentityStoreId),
    clientId: checks.normalised("clientId", props.clientId, normaliseGuid),
    tenantId: checks.normalised("tenantId", props.tenantId, normaliseGuid),
    allowedFlowHostSuffixes: FLOW_HOST_SUFFIXES[cloud],
    flowUrlSecretLifetimeDays: lifetime,
    flowUrlsVersion: boundedProp(checks, "flowUrlsVersion", props.flowUrlsVersion, SETTING_BOUNDS.generation, {
      knownAtSynthBecause: "it is the flow URL rotation's trigger",
    }),
    departments: checkDepartments(checks, props),
  };
}

/** The region subdomain of an environment URL given as orgCode, normalised. */
function regionOfUrl(checks: PropChecks, orgCode: string, region: string): string {
  try {
    return normaliseRegion(region);
  } catch {
    return checks.fail(
      "orgCode",
      "an environment URL with a known region subdomain, such as https://myorg.crm4.dynamics.com",
      orgCode,
    );
  }
}

/** Department names (distinct regardless of case: the relay matches them so), site URLs and group ids. */
function checkDepartments(checks: PropChecks, props: FlowEnvironmentProps): FlowEnvironmentSettings["departments"] {
  const departments: Record<string, { siteUrl: string; groupObjectId?: string }> = {};
  const seen = new Map<string, string>();
  for (const [name, site] of Object.entries(props.departments ?? {})) {
    checks.normalised("departments keys", name, validateDepartmentName);
    const folded = name.toLowerCase();
    if (seen.has(folded))
      checks.fail(
        "departments keys",
        "names that differ by more than case",
        described(`"${name}" next to "${seen.get(folded)}"`),
      );
    seen.set(folded, name);
    const siteUrl = checks.normalised(`departments["${name}"].siteUrl`, site.siteUrl, normaliseSharePointSiteUrl);
    const groupObjectId =
      site.groupObjectId === undefined
        ? undefined
        : checks.normalised(`departments["${name}"].groupObjectId`, site.groupObjectId, normaliseGuid);
    departments[name] = groupObjectId === undefined ? { siteUrl } : { siteUrl, groupObjectId };
  }
  return departments;
}
