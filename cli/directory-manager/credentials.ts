/**
 * Credentials come from environment variables or Key Vault only, never from arguments or config
 * files (a command line ends up in shell history and process listings). Each value is handed to the
 * Masker the moment it is read.
 */
import { CliError } from "../cli-error";
import type { DirectoryManagerCredentials } from "./directory-manager-api";
import { parseSecretId, type SecretStoreFactory } from "../azure/key-vault";
import type { Masker } from "../mask";
import { STACK_OUTPUTS } from "../../contract/stack-outputs";
import type { StackOutputs } from "../stack-outputs";

/** Directory Manager's API credentials (the security service's user and API client). */
export const DIRECTORY_MANAGER_CREDENTIAL_ENV = {
  username: "DMFLOW_DM_USERNAME",
  password: "DMFLOW_DM_PASSWORD",
  clientId: "DMFLOW_DM_CLIENT_ID",
  clientSecret: "DMFLOW_DM_CLIENT_SECRET",
} as const;

export interface Sourced<T> {
  readonly value: T;
  /** Where it came from, for progress lines: never the value. */
  readonly source: string;
}

type Env = Readonly<Record<string, string | undefined>>;

export async function directoryManagerCredentials(
  env: Env,
  outputs: StackOutputs,
  vaults: SecretStoreFactory,
  masker: Masker,
): Promise<Sourced<DirectoryManagerCredentials>> {
  const names = Object.entries(DIRECTORY_MANAGER_CREDENTIAL_ENV) as [keyof DirectoryManagerCredentials, string][];
  const fromEnv = names.filter(([, name]) => (env[name] ?? "") !== "");
  if (fromEnv.length === names.length) {
    const value = Object.fromEntries(
      names.map(([key, name]) => [key, env[name]!]),
    ) as unknown as DirectoryManagerCredentials;
    for (const secret of [value.password, value.clientSecret]) masker.add(secret);
    return { value, source: "environment variables" };
  }
  if (fromEnv.length > 0) {
    const missing = names.filter(([, name]) => (env[name] ?? "") === "").map(([, name]) => name);
    throw new CliError(
      `Directory Manager credentials: ${missing.join(", ")} ${missing.length === 1 ? "is" : "are"} not set; set all four environment variables, or none to read them from Key Vault`,
    );
  }
  const ids = outputs.directoryManagerApiSecretIds;
  if (!ids) {
    throw new CliError(
      `Directory Manager credentials: set ${names.map(([, n]) => n).join(", ")} (from your pipeline's secret store), or enable the relay's decisions so the stack keeps them in Key Vault (output "${STACK_OUTPUTS.directoryManagerApiSecretIds}")`,
    );
  }
  const read = async (secretId: string) => {
    const { vaultUrl, name } = parseSecretId(secretId);
    const value = await vaults(vaultUrl).getValue(name);
    masker.add(value);
    if (value === "")
      throw new CliError(
        `Key Vault secret ${name} is empty; set it (az keyvault secret set) or use the ${names.map(([, n]) => n).join(", ")} environment variables`,
      );
    return value;
  };
  const value: DirectoryManagerCredentials = {
    username: await read(ids.username),
    password: await read(ids.password),
    clientId: await read(ids.clientId),
    clientSecret: await read(ids.clientSecret),
  };
  return { value, source: `Key Vault ${parseSecretId(ids.username).vaultUrl}` };
}
