/**
 * Tokens for Azure Resource Manager and Microsoft Graph from the deployer's Azure identity
 * (@azure/identity's DefaultAzureCredential: pipeline OIDC, workload identity, the Azure CLI login,
 * or a managed identity). A failure is one line saying how to sign in.
 */
import type { TokenCredential } from "@azure/core-auth";
import { CliError, firstLine } from "../cli-error";
import type { Masker } from "../mask";

export async function azureToken(credential: TokenCredential, scope: string, masker: Masker): Promise<string> {
  let token: { token: string } | null;
  try {
    token = await credential.getToken(scope);
  } catch (error) {
    throw new CliError(
      `could not get an Azure token for ${scope}: ${firstLine((error as Error).message)}; sign in with az login, or run where the pipeline's Azure login (OIDC) or a managed identity is available`,
    );
  }
  if (!token)
    throw new CliError(
      `could not get an Azure token for ${scope}; sign in with az login, or run where the pipeline's Azure login (OIDC) or a managed identity is available`,
    );
  masker.add(token.token);
  return token.token;
}
