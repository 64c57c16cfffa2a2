import { isIP } from "node:net";
import { FLOW_HOST_SUFFIXES, type FlowCloud } from "../contract/flow-hosts";
import { GUID } from "../contract/patterns";

export { FLOW_HOST_SUFFIXES, type FlowCloud };

/**
 * Pure checks and normalisation of the values typed into Directory Manager's Power Automate
 * settings. Every message is the expected form, completing "got <value>; expected …", so the config
 * loader, the constructs and the Terraform variable validations all say the same thing.
 */
export class SettingError extends Error {}

/**
 * Dataverse regional subdomains: Directory Manager's "Region" (the segment before the second
 * period of myorg.crm4.dynamics.com). crm…crm17 are listed by Microsoft's Dynamics 365 maintenance
 * documentation; crm19-crm22 are inferred from public code and marked so in the README.
 */
export const DATAVERSE_REGIONS: Readonly<Record<string, string>> = {
  crm: "North America",
  crm2: "South America",
  crm3: "Canada",
  crm4: "Europe, Middle East and Africa",
  crm5: "Asia Pacific",
  crm6: "Oceania",
  crm7: "Japan",
  crm8: "India",
  crm9: "North America 2 (US Government GCC)",
  crm11: "United Kingdom",
  crm12: "France",
  crm14: "South Africa",
  crm15: "United Arab Emirates",
  crm16: "Germany",
  crm17: "Switzerland",
  crm19: "Norway (inferred)",
  crm20: "Singapore (inferred)",
  crm21: "Korea (inferred)",
  crm22: "Sweden (inferred)",
};

/** Power Platform geo names accepted for the region, with the Dataverse subdomain each maps to. */
export const POWER_PLATFORM_GEOS: Readonly<Record<string, string>> = {
  unitedstates: "crm",
  southamerica: "crm2",
  canada: "crm3",
  europe: "crm4",
  asia: "crm5",
  australia: "crm6",
  japan: "crm7",
  india: "crm8",
  usgov: "crm9",
  unitedkingdom: "crm11",
  france: "crm12",
  southafrica: "crm14",
  unitedarabemirates: "crm15",
  germany: "crm16",
  switzerland: "crm17",
  norway: "crm19",
  singapore: "crm20",
  korea: "crm21",
  sweden: "crm22",
};

/** Dataverse host suffixes after "<org>.<region>"; sovereign clouds use "crm" as the region segment. */
const DATAVERSE_DOMAINS = ["dynamics.com", "microsoftdynamics.us", "appsplatform.us", "dynamics.cn"];

const ORG_CODE = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const ORG_CODE_FORM = "an organization code: 1-63 letters, digits and hyphens, not starting or ending with a hyphen (myorg in myorg.crm4.dynamics.com), or the environment URL https://myorg.crm4.dynamics.com";

/** Splits a Dataverse environment URL or host into org code and region; undefined when it is not one. */
export function parseEnvironmentUrl(value: string): { orgCode: string; region: string } | undefined {
  const host = value.trim().toLowerCase().replace(/^https:\/\//, "").split(/[/?#:]/)[0];
  for (const domain of DATAVERSE_DOMAINS) {
    if (!host.endsWith(`.${domain}`)) continue;
    const labels = host.slice(0, -domain.length - 1).split(".").filter((l) => l !== "api");
    if (labels.length === 2) return { orgCode: labels[0], region: labels[1] };
  }
  return undefined;
}

/** The organization code (Directory Manager's "Org Code"), from a code or an environment URL. */
export function normaliseOrgCode(value: string): string {
  const fromUrl = value.includes(".") ? parseEnvironmentUrl(value) : undefined;
  const code = fromUrl ? fromUrl.orgCode : value.trim().toLowerCase();
  if (value.trim().toLowerCase().startsWith("http://")) throw new SettingError(`${ORG_CODE_FORM} (https, not http)`);
  if (!ORG_CODE.test(code)) throw new SettingError(ORG_CODE_FORM);
  return code;
}

/** The region (Directory Manager's "Region") as the Dataverse subdomain, from a subdomain or a geo name. */
export function normaliseRegion(value: string): string {
  const key = value.trim().toLowerCase().replace(/[\s_-]/g, "");
  if (key in DATAVERSE_REGIONS) return key;
  if (key in POWER_PLATFORM_GEOS) return POWER_PLATFORM_GEOS[key];
  throw new SettingError(
    `a Dataverse region subdomain (${Object.keys(DATAVERSE_REGIONS).join(", ")}) or a Power Platform geo (${Object.keys(POWER_PLATFORM_GEOS).join(", ")})`,
  );
}

const HOST_NAME = /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/;
const SERVER_FORM = "a host name (dm.contoso.com), an IPv4 or IPv6 address, or an https URL (https://dm.contoso.com)";

/** Directory Manager's server as an https base URL: https://host[:port], no trailing slash. */
export function normaliseDirectoryManagerServer(value: string): string {
  const text = value.trim();
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) {
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      throw new SettingError(SERVER_FORM);
    }
    if (url.protocol !== "https:") throw new SettingError(`${SERVER_FORM}; Power Automate calls back over https with a publicly trusted certificate, so http is not accepted`);
    if (url.username || url.password || url.search || url.hash || (url.pathname !== "/" && url.pathname !== "")) throw new SettingError(`${SERVER_FORM} with no path, query or credentials`);
    return url.origin;
  }
  const bare = text.replace(/^\[(.*)\]$/, "$1");
  if (isIP(bare) === 4) return `https://${bare}`;
  if (isIP(bare) === 6) return `https://[${bare.toLowerCase()}]`;
  // All digits and dots is an IPv4 attempt, not a host name.
  if (/^[\d.]+$/.test(text)) throw new SettingError(`${SERVER_FORM}; "${text}" is not a valid IPv4 address`);
  if (HOST_NAME.test(text.toLowerCase())) return `https://${text.toLowerCase()}`;
  throw new SettingError(SERVER_FORM);
}

/** A GUID such as a client or tenant id, in lower case. */
export function normaliseGuid(value: string): string {
  if (!GUID.test(value.trim())) throw new SettingError("a GUID like 00000000-0000-0000-0000-000000000000");
  return value.trim().toLowerCase();
}

/** Directory Manager's identity store id: a positive whole number. */
export function validateIdentityStoreId(value: number): number {
  if (!Number.isSafeInteger(value) || value < 1) throw new SettingError("a positive whole number (the identity store's id in Directory Manager)");
  return value;
}

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * The pattern a flow request URL must match: https, a host on one of the suffixes, port 443 if
 * any, and a non-empty sig parameter. Written for both JavaScript and Terraform's RE2.
 */
export function flowRequestUrlPattern(suffixes: readonly string[]): string {
  return `^https://[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)*(${suffixes.map(escapeRegex).join("|")})(:443)?/[^?#]*\\?([^#]*&)?sig=[^&#]+`;
}

/** The expected form of a flow request URL, for messages. */
export function flowRequestUrlForm(suffixes: readonly string[]): string {
  return `an https Power Automate request URL on ${suffixes.map((s) => `*${s}`).join(" or ")} with a sig parameter`;
}

/** Checks a flow request URL known at synth (tests, or a value being validated); returns it unchanged. */
export function validateFlowRequestUrl(url: string, suffixes: readonly string[] = FLOW_HOST_SUFFIXES.public): string {
  if (!new RegExp(flowRequestUrlPattern(suffixes), "i").test(url)) throw new SettingError(flowRequestUrlForm(suffixes));
  return url;
}

const SITE_URL = /^https:\/\/[a-z0-9-]+\.sharepoint\.(com|us)\/(sites|teams)\/[^/?#\s]+\/?$/i;
/** A SharePoint site URL, without a trailing slash. */
export function normaliseSharePointSiteUrl(value: string): string {
  if (!SITE_URL.test(value.trim())) throw new SettingError("a SharePoint site URL such as https://contoso.sharepoint.com/sites/sales");
  return value.trim().replace(/\/$/, "");
}

/** A department name as Directory Manager stores it; also used inside a dynamic membership rule. */
export function validateDepartmentName(value: string): string {
  if (!/^[^"\\\u0000-\u001f]{1,64}$/.test(value) || value.trim() !== value) {
    throw new SettingError("a department name of 1-64 characters without quotes, backslashes or surrounding spaces");
  }
  return value;
}

/** The Terraform variable that carries a route's flow URL: flow_request_url_<route_key_in_snake_case>. */
export function flowUrlVariableName(routeKey: string): string {
  return `flow_request_url_${routeKey.replace(/-/g, "_")}`;
}
