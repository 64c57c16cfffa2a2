import { FLOW_HOST_SUFFIXES, type FlowCloud } from "../../contract/flow-hosts";
import { FormError } from "../validation";

export { FLOW_HOST_SUFFIXES, type FlowCloud };

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * The pattern a flow request URL must match: https, a host on one of the suffixes, port 443 if
 * any, and a non-empty sig parameter. Written for both JavaScript and Terraform's RE2.
 */
export function flowRequestUrlPattern(suffixes: readonly string[]): string {
  return `^https://[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)*(${suffixes.map(escapeRegex).join("|")})(:443)?/[^?#]*\\?([^#]*&)?sig=[^&#]+`;
}

/**
 * Entra mode (a route's `auth: "entra"`): the URL without a sig, since the trigger takes Entra
 * tokens. Two checks, because Terraform's RE2 has no negative lookahead: this pattern matches, and
 * FLOW_URL_SIG_PARAMETER does not.
 */
export function entraFlowRequestUrlPattern(suffixes: readonly string[]): string {
  return `^https://[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)*(${suffixes.map(escapeRegex).join("|")})(:443)?/[^?#]*(\\?[^#]*)?$`;
}

/** A sig query parameter. */
export const FLOW_URL_SIG_PARAMETER = "[?&]sig=";

/** The expected form of a flow request URL, for messages. */
export function flowRequestUrlForm(suffixes: readonly string[], auth: "sig" | "entra" = "sig"): string {
  const hosts = suffixes.map((s) => `*${s}`).join(" or ");
  return auth === "entra"
    ? `an https Power Automate request URL on ${hosts} without a sig parameter (the route's auth is "entra": the trigger takes Entra tokens)`
    : `an https Power Automate request URL on ${hosts} with a sig parameter`;
}

/** Checks a flow request URL known at synth (tests, or a value being validated); returns it unchanged. */
export function validateFlowRequestUrl(
  url: string,
  suffixes: readonly string[] = FLOW_HOST_SUFFIXES.public,
  auth: "sig" | "entra" = "sig",
): string {
  const ok =
    auth === "entra"
      ? new RegExp(entraFlowRequestUrlPattern(suffixes), "i").test(url) && !new RegExp(FLOW_URL_SIG_PARAMETER).test(url)
      : new RegExp(flowRequestUrlPattern(suffixes), "i").test(url);
  if (!ok) throw new FormError(flowRequestUrlForm(suffixes, auth));
  return url;
}

/** The Terraform variable that carries a route's flow URL: <prefix>_<route_key_in_snake_case>. */
export function flowUrlVariableName(routeKey: string, prefix = "flow_request_url"): string {
  return `${prefix}_${routeKey.replace(/-/g, "_")}`;
}
