/** How the relay signs in to Storage in Azure: the function app's managed identity. */
import type { TokenCredential } from "@azure/core-auth";
import { ManagedIdentityCredential } from "@azure/identity";

/** The function app's managed identity: the user-assigned one when its client id is set. */
export function storageCredential(clientId: string | undefined): TokenCredential {
  return clientId ? new ManagedIdentityCredential({ clientId }) : new ManagedIdentityCredential();
}
