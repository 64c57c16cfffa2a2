import { createHash } from "node:crypto";

/**
 * Evaluates the Terraform expression uniqueSuffix writes when the subscription id is known only
 * at plan, `${substr(sha1(join("/", [lower(<ref>), "<path>"])), 0, N)}`, for a given subscription
 * id, the way Terraform would. Throws when the text has another form.
 */
export function evaluateSuffixExpression(text: string, subscriptionId: string): { value: string; reference: string } {
  const match = /\$\{substr\(sha1\(join\("\/", \[lower\(([^)]+)\), "((?:[^"\\]|\\.)*)"\]\)\), 0, (\d+)\)\}/.exec(text);
  if (!match) throw new Error(`not a uniqueness suffix expression: ${text}`);
  const [, reference, quoted, length] = match;
  const path = quoted.replace(/\$\$\{/g, "${").replace(/\\(.)/g, "$1");
  const value = createHash("sha1")
    .update(`${subscriptionId.toLowerCase()}/${path}`)
    .digest("hex")
    .slice(0, Number(length));
  return { value, reference };
}

/** `text` with its suffix expression replaced by its value for `subscriptionId`. */
export function withSuffixFor(text: string, subscriptionId: string): string {
  const { value } = evaluateSuffixExpression(text, subscriptionId);
  return text.replace(/\$\{substr\(sha1\(.*\), 0, \d+\)\}/, value);
}
