import type { SynthJson } from "./synth";

// Attribute names that carry a secret when set; their value must be a reference, never a literal.
const SECRET_ATTRIBUTES =
  /^(value|password|client_secret|secret|access_key|primary_access_key|connection_string|sas_token|value_wo)$/i;
// Text that gives a secret away wherever it appears.
const SECRET_TEXT = [
  /https?:\/\/[^\s"]*[?&]sig=[A-Za-z0-9%_-]/i, // a URL carrying a signature (a flow URL)
  /https?:\/\/[A-Za-z0-9.-]*\.(logic\.azure\.(com|us)|environment\.api\.powerplatform\.(com|us))/i, // a flow URL's host
  /AccountKey=/i, // a storage connection string
  /SharedAccessSignature=/i,
  /-----BEGIN [A-Z ]*PRIVATE KEY-----/,
];

/**
 * Every place in a synthesized stack where a secret appears as a literal: a secret-bearing
 * attribute with a literal value, or text that only a secret contains. Placeholders written on
 * purpose for values managed outside Terraform are allowed when the resource ignores its value.
 */
export function findSecretLiterals(json: SynthJson): string[] {
  const found: string[] = [];
  const walk = (node: unknown, path: string[], ignoresValue: boolean): void => {
    if (typeof node === "string") {
      const key = path[path.length - 1] ?? "";
      const literal = !node.includes("${");
      if (literal && SECRET_ATTRIBUTES.test(key) && !ignoresValue && path[0] !== "variable")
        found.push(`${path.join(".")} = ${JSON.stringify(node)}`);
      for (const pattern of SECRET_TEXT) if (pattern.test(node)) found.push(`${path.join(".")} contains ${pattern}`);
      return;
    }
    if (Array.isArray(node)) return node.forEach((v, i) => walk(v, [...path, String(i)], ignoresValue));
    if (node && typeof node === "object") {
      const o = node as Record<string, unknown>;
      const lifecycle = o.lifecycle as { ignore_changes?: unknown } | undefined;
      const ignores =
        ignoresValue || (Array.isArray(lifecycle?.ignore_changes) && lifecycle!.ignore_changes.includes("value"));
      // An ARM name/value pair (an app setting in an azapi body): its value is named by the pair.
      const pair = path.includes("body") && Object.keys(o).length === 2 && typeof o.name === "string" && "value" in o;
      for (const [k, v] of Object.entries(o))
        if (k !== "//") walk(v, [...path, pair && k === "value" ? `${k}(${o.name})` : k], ignores);
    }
  };
  walk(json, [], false);
  return found;
}
