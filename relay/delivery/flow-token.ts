/**
 * Entra mode: the token the relay sends a flow whose HTTP trigger accepts "Specific users" instead
 * of a sig, from the function app's managed identity (the one it uses for storage), for the
 * audience Power Automate requires. @azure/identity caches it until shortly before it expires.
 */
import { FLOW_ENTRA_AUDIENCE } from "../../contract/flow-request";
import { storageCredential } from "../storage/storage-credential";

/** The scope for a v1 resource with a trailing slash keeps it: "<audience>/.default" (so "//.default"). */
export const FLOW_TOKEN_SCOPE = `${FLOW_ENTRA_AUDIENCE}/.default`;

/** Gets an access token for `scope`; throws when none can be had. */
export type FlowTokenSource = (scope: string) => Promise<string>;

export function managedIdentityFlowToken(clientId: string | undefined): FlowTokenSource {
  let credential: ReturnType<typeof storageCredential> | undefined;
  return async (scope) => {
    credential ??= storageCredential(clientId);
    const token = await credential.getToken(scope);
    if (!token?.token) throw new Error("the managed identity returned no token");
    return token.token;
  };
}
