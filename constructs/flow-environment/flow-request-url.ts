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

/** The expected form of a flow request URL, for messages. */
export function flowRequestUrlForm(suffixes: readonly string[]): string {
  return `an https Power Automate request URL on ${suffixes.map((s) => `*${s}`).join(" or ")} with a sig parameter`;
}

/** Checks a flow request URL known at synth (tests, or a value being validated); returns it unchanged. */
export function validateFlowRequestUrl(url: string, suffixes: readonly string[] = FLOW_HOST_SUFFIXES.public): string {
  if (!new RegExp(flowRequestUrlPattern(suffixes), "i").test(url)) throw new FormError(flowRequestUrlForm(suffixes));
  return url;
}

/** The Terraform variable that carries a route's flow URL: <prefix>_<route_key_in_snake_case>. */
export function flowUrlVariableName(routeKey: string, prefix = "flow_request_url"): string {
  return `${prefix}_${routeKey.replace(/-/g, "_")}`;
}
