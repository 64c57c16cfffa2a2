/**
 * Reading single app settings: present or not, a Key Vault reference the host could not resolve, a
 * JSON object, a whole number within a limit. A problem names the setting and never its value,
 * because flow URLs and credentials are secrets.
 */
import type { Limit } from "../../contract/relay-limits";

/** App settings as the Functions host hands them over (process.env). */
export type Env = Readonly<Record<string, string | undefined>>;

export interface SettingProblem {
  readonly setting: string;
  readonly message: string;
}

/** Records a problem with one setting; reading goes on, so every problem is reported at once. */
export type Report = (setting: string, message: string) => void;

export function optional(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value ? value : undefined;
}

/** App settings that are Key Vault references stay literal when the host could not resolve them. */
function unresolvedKeyVaultReference(value: string): boolean {
  return value.startsWith("@Microsoft.KeyVault(");
}

export function required(env: Env, name: string, problem: Report): string | undefined {
  const value = optional(env, name);
  if (value === undefined) problem(name, "is missing");
  else if (unresolvedKeyVaultReference(value)) {
    problem(
      name,
      "is a Key Vault reference the host could not resolve (check the function app identity's access to the vault)",
    );
  } else return value;
  return undefined;
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function readJson(env: Env, name: string, problem: Report): Record<string, unknown> | undefined {
  const text = optional(env, name);
  if (text === undefined) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    problem(name, "is not valid JSON");
    return undefined;
  }
  if (!isObject(value)) {
    problem(name, "must be a JSON object");
    return undefined;
  }
  return value;
}

/** A whole number within the limit the contract sets (the same the stack validates); its default when unset. */
export function readInteger(env: Env, name: string, limit: Limit, problem: Report): number {
  const text = optional(env, name);
  if (text === undefined) return limit.default;
  const value = Number(text);
  if (!/^[0-9]+$/.test(text) || value < limit.min || value > limit.max) {
    problem(name, `must be a whole number from ${limit.min} to ${limit.max}`);
    return limit.default;
  }
  return value;
}
