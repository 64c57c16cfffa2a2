import { isIP } from "node:net";
import { GUID } from "../../contract/patterns";
import { FormError } from "../validation";
import { DATAVERSE_DOMAINS, DATAVERSE_REGIONS, POWER_PLATFORM_GEOS, UNSUPPORTED_DATAVERSE_DOMAINS } from "./regions";

/**
 * Pure checks and normalisation of the values typed into Directory Manager's Power Automate
 * settings. Each throws a FormError whose message is the expected form, so the config loader
 * ("expected …") and the constructs ("must be …") say the same thing.
 */

const ORG_CODE = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const ORG_CODE_FORM =
  "an organization code: 1-63 letters, digits and hyphens, not starting or ending with a hyphen (myorg in myorg.crm4.dynamics.com), or the environment URL https://myorg.crm4.dynamics.com";

/** The host of a URL or host name, lower case. */
const hostOf = (value: string) =>
  value
    .trim()
    .toLowerCase()
    .replace(/^https?:\/\//, "")
    .split(/[/?#:]/)[0];

/** Splits a Dataverse environment URL or host into org code and region; undefined when it is not one. */
export function parseEnvironmentUrl(value: string): { orgCode: string; region: string } | undefined {
  const host = hostOf(value);
  for (const domain of DATAVERSE_DOMAINS) {
    if (!host.endsWith(`.${domain}`)) continue;
    const labels = host
      .slice(0, -domain.length - 1)
      .split(".")
      .filter((l) => l !== "api");
    if (labels.length === 2) return { orgCode: labels[0], region: labels[1] };
  }
  return undefined;
}

/** The organization code (Directory Manager's "Org Code"), from a code or an environment URL. */
export function normaliseOrgCode(value: string): string {
  const host = hostOf(value);
  for (const [domain, cloud] of Object.entries(UNSUPPORTED_DATAVERSE_DOMAINS)) {
    if (host.endsWith(`.${domain}`))
      throw new FormError(
        `an environment in the public or US Government cloud: ${domain} is ${cloud}, whose Power Automate this package does not support`,
      );
  }
  const fromUrl = value.includes(".") ? parseEnvironmentUrl(value) : undefined;
  const code = fromUrl ? fromUrl.orgCode : value.trim().toLowerCase();
  if (value.trim().toLowerCase().startsWith("http://")) throw new FormError(`${ORG_CODE_FORM} (https, not http)`);
  if (!ORG_CODE.test(code)) throw new FormError(ORG_CODE_FORM);
  return code;
}

/** The region (Directory Manager's "Region") as the Dataverse subdomain, from a subdomain or a geo name. */
export function normaliseRegion(value: string): string {
  const key = value
    .trim()
    .toLowerCase()
    .replace(/[\s_-]/g, "");
  if (key in DATAVERSE_REGIONS) return key;
  if (key in POWER_PLATFORM_GEOS) return POWER_PLATFORM_GEOS[key];
  throw new FormError(
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
      throw new FormError(SERVER_FORM);
    }
    if (url.protocol !== "https:")
      throw new FormError(
        `${SERVER_FORM}; Power Automate calls back over https with a publicly trusted certificate, so http is not accepted`,
      );
    if (url.username || url.password || url.search || url.hash || (url.pathname !== "/" && url.pathname !== ""))
      throw new FormError(`${SERVER_FORM} with no path, query or credentials`);
    return url.origin;
  }
  const bare = text.replace(/^\[(.*)\]$/, "$1");
  if (isIP(bare) === 4) return `https://${bare}`;
  if (isIP(bare) === 6) return `https://[${bare.toLowerCase()}]`;
  // All digits and dots is an IPv4 attempt, not a host name.
  if (/^[\d.]+$/.test(text)) throw new FormError(`${SERVER_FORM}; "${text}" is not a valid IPv4 address`);
  if (HOST_NAME.test(text.toLowerCase())) return `https://${text.toLowerCase()}`;
  throw new FormError(SERVER_FORM);
}

const CALLBACK_FORM =
  "an https URL that may carry a port and a path, with no query, fragment or credentials (https://dm.contoso.com/GroupIDDataService, https://powerautomate-proxy.contoso.com:5555)";

/**
 * groupIDServiceUrl: the URL Power Automate calls back on to approve or deny the workflow request
 * (Netwrix's API samples: the Data Service URL with its path; later console revisions: the Power
 * Automate Reverse Proxy's URL with its port). Kept as given, without a trailing slash.
 */
export function normaliseCallbackUrl(value: string): string {
  const text = value.trim();
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new FormError(CALLBACK_FORM);
  }
  if (url.protocol !== "https:")
    throw new FormError(`${CALLBACK_FORM}; Power Automate calls back over https with a publicly trusted certificate`);
  if (url.username || url.password || url.search || url.hash || text.includes("?") || text.includes("#"))
    throw new FormError(CALLBACK_FORM);
  return `${url.origin}${url.pathname}`.replace(/\/+$/, "");
}

/** A GUID such as a client or tenant id, in lower case. */
export function normaliseGuid(value: string): string {
  if (!GUID.test(value.trim())) throw new FormError("a GUID like 00000000-0000-0000-0000-000000000000");
  return value.trim().toLowerCase();
}

/** Directory Manager's identity store id: a positive whole number. */
export function validateIdentityStoreId(value: number): number {
  if (!Number.isSafeInteger(value) || value < 1)
    throw new FormError("a positive whole number (the identity store's id in Directory Manager)");
  return value;
}

const SITE_URL = /^https:\/\/[a-z0-9-]+\.sharepoint\.(com|us)\/(sites|teams)\/[^/?#\s]+\/?$/i;
/** A SharePoint site URL, without a trailing slash. */
export function normaliseSharePointSiteUrl(value: string): string {
  if (!SITE_URL.test(value.trim()))
    throw new FormError("a SharePoint site URL such as https://contoso.sharepoint.com/sites/sales");
  return value.trim().replace(/\/$/, "");
}

/** A department name as Directory Manager stores it; also used inside a dynamic membership rule. */
export function validateDepartmentName(value: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this check refuses
  if (!/^[^"\\\u0000-\u001f]{1,64}$/.test(value) || value.trim() !== value) {
    throw new FormError("a department name of 1-64 characters without quotes, backslashes or surrounding spaces");
  }
  return value;
}
