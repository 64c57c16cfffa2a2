/**
 * The SSRF guard: a flow URL is a bearer secret pointing at Power Automate, so it must be https and
 * on an allowed host suffix. Messages never include the query string (it carries `sig`).
 */
export class FlowUrlError extends Error {}

export function checkFlowUrl(value: string, allowedSuffixes: readonly string[]): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new FlowUrlError("is not a valid absolute URL");
  }
  if (url.protocol !== "https:") throw new FlowUrlError(`must use https, not ${url.protocol.replace(":", "")}`);
  if (url.username || url.password) throw new FlowUrlError("must not carry user credentials");
  const host = url.hostname.toLowerCase();
  if (!allowedSuffixes.some((suffix) => host.endsWith(suffix) && host.length > suffix.length)) {
    throw new FlowUrlError(`host ${host} is not on the allowed suffixes (${allowedSuffixes.join(", ")})`);
  }
  return url;
}
