import {
  compliant,
  nonCompliant,
  notApplicable,
  type RuleContext,
  type RuleOutcome,
  type SecurityRule,
  type SynthesizedElement,
} from "../rule";
import { isUnresolved } from "./checks";

/** Attributes that hold a secret, whatever the resource type. */
const SECRET_ATTRIBUTE =
  /(^|_)(secret|password|token|sas|signature)(_|$)|(^|_)key$|connection_string|private_key|callback_url/;
/** Types whose `value` or `result` attribute is the secret itself. */
const SECRET_VALUE_TYPE = /(secret|password)/;

/** Every `type.name.attribute` (and `var.name`) referenced in an expression. */
function references(expression: string): { type: string; attribute: string }[] {
  const found: { type: string; attribute: string }[] = [];
  for (const m of expression.matchAll(/\b(data\.)?([a-z][a-z0-9_]*)\.([\w-]+)\.([a-z][a-z0-9_]*)/g)) {
    found.push({ type: `${m[1] ?? ""}${m[2]}`, attribute: m[4] });
  }
  for (const m of expression.matchAll(/\bvar\.([\w-]+)/g)) found.push({ type: "var", attribute: m[1] });
  return found;
}

/** Why an output value exposes a secret, or undefined when it does not. */
function secretIn(value: unknown, context: RuleContext): string | undefined {
  const text = JSON.stringify(value ?? null);
  if (/\bnonsensitive\(/.test(text)) return "its value strips the sensitive mark with nonsensitive()";
  for (const ref of references(text)) {
    if (ref.type === "var") {
      if (context.find(`var.${ref.attribute}`)?.config.sensitive === true)
        return `it exposes the sensitive variable var.${ref.attribute}`;
    } else if (
      SECRET_ATTRIBUTE.test(ref.attribute) ||
      (["value", "result"].includes(ref.attribute) && SECRET_VALUE_TYPE.test(ref.type))
    ) {
      return `it exposes ${ref.type}.<name>.${ref.attribute}`;
    }
  }
  return undefined;
}

/** Literal shapes that are secrets whatever attribute holds them. */
const SECRET_SHAPES: readonly { readonly what: string; readonly pattern: RegExp }[] = [
  { what: "a storage account key in a connection string", pattern: /AccountKey=[A-Za-z0-9+/=]{20,}/ },
  { what: "a shared access key", pattern: /SharedAccessKey=[^;"\s]{10,}/ },
  { what: "a URL with a SAS or flow signature (sig=)", pattern: /[?&]sig=[A-Za-z0-9%+/=_-]{10,}/ },
  { what: "a private key", pattern: /-----BEGIN [A-Z ]*PRIVATE KEY-----/ },
  { what: "a JSON web token", pattern: /eyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/ },
  { what: "an Entra ID client secret", pattern: /(^|[^A-Za-z0-9_~.-])[A-Za-z0-9_~.-]{3}\dQ~[A-Za-z0-9_~.-]{31,34}/ },
];

/** Keys whose literal value is a secret (app settings, provider arguments, resource arguments). */
const SECRET_KEY = /(password|secret|access_key|api_key|token|_key_value|value_wo)$/i;
/** A Key Vault reference in an app setting: the setting holds a pointer, not the secret. */
const KEY_VAULT_REFERENCE = /^@Microsoft\.KeyVault\(/;

/** JSON paths of literal secrets in a config, each with what it looks like. Never returns the value. */
export function literalSecrets(config: unknown, ignoredPaths: readonly string[] = []): string[] {
  const found: string[] = [];
  const walk = (value: unknown, path: string, key: string) => {
    if (ignoredPaths.includes(path)) return;
    if (typeof value === "string") {
      // Only the literal parts of a string count: strip every ${...} expression first.
      const literal = value.replace(/\$\{[^}]*\}/g, "");
      const shape = SECRET_SHAPES.find((s) => s.pattern.test(literal));
      if (shape) found.push(`${path} holds ${shape.what}`);
      else if (
        SECRET_KEY.test(key) &&
        !isUnresolved(value) &&
        value.trim() !== "" &&
        !KEY_VAULT_REFERENCE.test(value)
      ) {
        found.push(`${path} holds a literal value`);
      }
    } else if (Array.isArray(value)) {
      value.forEach((item, i) => walk(item, `${path}[${i}]`, key));
    } else if (value && typeof value === "object") {
      // An ARM name/value pair (an app setting in an azapi body): the value is keyed by its name.
      const pairName = path.startsWith("body.") ? nameOfPair(value) : undefined;
      for (const [k, v] of Object.entries(value)) {
        if (k === "//") continue;
        walk(
          v,
          path ? `${path}.${k}` : k,
          path.endsWith("tags") ? "" : pairName !== undefined && k === "value" ? pairName : k,
        );
      }
    }
  };
  walk(config, "", "");
  return found;
}

function nameOfPair(value: object): string | undefined {
  const keys = Object.keys(value);
  const { name } = value as { name?: unknown };
  return keys.length === 2 && keys.includes("value") && typeof name === "string" ? name : undefined;
}

/** True when some string in the config has a literal part (there is something to scan). */
function hasLiteralString(value: unknown): boolean {
  if (typeof value === "string") return value.replace(/\$\{[^}]*\}/g, "").trim() !== "";
  if (Array.isArray(value)) return value.some(hasLiteralString);
  if (value && typeof value === "object")
    return Object.entries(value).some(([k, v]) => k !== "//" && hasLiteralString(v));
  return false;
}

/**
 * A Key Vault secret whose value Terraform writes once and then ignores, or that SecureKeyVault
 * marks as a placeholder (a write-only value set outside Terraform later), holds no secret.
 */
function placeholderPaths(e: SynthesizedElement): string[] {
  if (e.type !== "azurerm_key_vault_secret") return [];
  if (e.metadata?.["dmflow:placeholderSecret"] === true) return ["value_wo"];
  const ignored = (e.config.lifecycle as { ignore_changes?: unknown } | undefined)?.ignore_changes;
  return Array.isArray(ignored) && ignored.includes("value") ? ["value"] : [];
}

export const SECRET_RULES: readonly SecurityRule[] = [
  {
    id: "DMF-OUT-NO-SECRET",
    mirrors: [],
    description:
      "No Terraform output exposes a secret (a secret attribute or sensitive variable) unless `sensitive = true`.",
    severity: "error",
    fix: "Output the Key Vault secret's id instead of the value, or set sensitive: true on the output.",
    kinds: ["output"],
    types: "*",
    check: (e, context): RuleOutcome => {
      if (e.config.sensitive === true || e.config.sensitive === "true") return compliant();
      const why = secretIn(e.config.value, context);
      return why ? nonCompliant(why) : compliant();
    },
  },
  {
    id: "DMF-SECRET-LITERAL",
    mirrors: [],
    description: "No secret value, key, token or flow URL appears as a literal in the synthesized JSON.",
    severity: "error",
    fix:
      "Pass the secret as a sensitive variable or a resource attribute, or keep it in Key Vault and use a " +
      "Key Vault reference (@Microsoft.KeyVault(SecretUri=...)); never write it in code or config.",
    kinds: ["resource", "data", "output", "provider", "variable", "locals", "backend"],
    types: "*",
    check: (e) => {
      const found = literalSecrets(e.config, placeholderPaths(e));
      // A variable's default or an output's value is named by the element itself.
      const named = e.kind === "variable" ? e.config.default : e.kind === "output" ? e.config.value : undefined;
      const key = e.config.value === undefined ? "value_wo" : "value";
      const value = e.config[key];
      if (
        e.type === "azurerm_key_vault_secret" &&
        placeholderPaths(e).length === 0 &&
        !found.some((f) => f.startsWith(`${key} `)) &&
        typeof value === "string" &&
        value !== "" &&
        !isUnresolved(value)
      ) {
        found.push(`${key} holds a literal value`);
      }
      if (
        SECRET_KEY.test(e.name) &&
        typeof named === "string" &&
        named.trim() !== "" &&
        !isUnresolved(named) &&
        !KEY_VAULT_REFERENCE.test(named)
      ) {
        found.push(`${e.kind === "variable" ? "default" : "value"} of ${e.address} holds a literal value`);
      }
      if (found.length > 0) return nonCompliant(found.join("; "));
      return hasLiteralString(e.config) ? compliant() : notApplicable();
    },
  },
];
