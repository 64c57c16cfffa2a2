/**
 * The app registration's tenant-wide admin consent covers every delegated scope the stack
 * configures, per resource API (Microsoft Graph: the resource's service principal by appId, and the
 * app's oauth2PermissionGrants with consentType AllPrincipals).
 */
import { z } from "zod";
import { azureToken } from "../azure/azure-token";
import { call, readJson, type Service } from "../endpoint";
import type { HttpsRequest } from "../https-client";
import type { RunContext } from "../run-context";
import { fail, pass, skip, type Check } from "./check";

const GRANTS = z.looseObject({
  value: z.array(z.looseObject({ resourceId: z.string(), consentType: z.string(), scope: z.string().nullish() })),
  "@odata.nextLink": z.string().optional(),
});
const PRINCIPAL = z.looseObject({ id: z.string(), displayName: z.string().nullish() });

const GRAPH: Service = {
  name: "Microsoft Graph",
  whenDenied:
    "the Azure identity running dmflow needs to read the app's grants: Microsoft Graph Application.Read.All and DelegatedPermissionGrant.Read.All (or Directory.Read.All)",
};
/** Grants of one client are few; a bound keeps a misbehaving server from looping. */
const MAX_PAGES = 10;

async function graphGet<T>(
  ctx: RunContext,
  token: string,
  url: URL,
  schema: z.ZodType<T>,
  expected: string,
): Promise<T> {
  const request: HttpsRequest = { method: "GET", url, headers: { authorization: `Bearer ${token}` } };
  return readJson(GRAPH, request, await call(ctx.http, GRAPH, request), schema, expected);
}

export const adminConsent: Check = {
  id: "admin-consent",
  title: "admin consent",
  async run(ctx) {
    const outputs = await ctx.outputs();
    const principalId = outputs.servicePrincipalObjectId;
    const configured = outputs.delegatedPermissions;
    if (!principalId || !configured) return skip("the stack does not manage the app registration");
    const graph = ctx.deps.azureEndpoints.graph;
    const token = await azureToken(ctx.credential(), `${graph}/.default`, ctx.masker);
    const grants: z.infer<typeof GRANTS>["value"] = [];
    let next: string | undefined = `${graph}/v1.0/servicePrincipals/${principalId}/oauth2PermissionGrants`;
    for (let page = 0; next && page < MAX_PAGES; page++) {
      const answer: z.infer<typeof GRANTS> = await graphGet(
        ctx,
        token,
        new URL(next),
        GRANTS,
        "a list of oauth2PermissionGrants",
      );
      grants.push(...answer.value);
      next = answer["@odata.nextLink"];
    }
    const evidence: string[] = [];
    let missingAny = false;
    for (const [resourceAppId, scopes] of Object.entries(configured)) {
      if (scopes.length === 0) continue;
      const resource = await graphGet(
        ctx,
        token,
        new URL(`${graph}/v1.0/servicePrincipals(appId='${resourceAppId}')?$select=id,displayName`),
        PRINCIPAL,
        "a service principal (id, displayName)",
      );
      const granted = new Set(
        grants
          .filter((g) => g.resourceId === resource.id && g.consentType === "AllPrincipals")
          .flatMap((g) => (g.scope ?? "").split(" ").filter(Boolean)),
      );
      const missing = scopes.filter((s) => !granted.has(s));
      const name = resource.displayName ?? resourceAppId;
      if (missing.length > 0) missingAny = true;
      evidence.push(
        missing.length === 0
          ? `${name}: ${scopes.join(", ")} consented for all users`
          : `${name}: not consented: ${missing.join(", ")}`,
      );
    }
    if (!missingAny) return pass(evidence);
    return fail(
      evidence,
      "grant admin consent: Entra admin center → App registrations → the Directory Manager app → API permissions → Grant admin consent (or deploy with directoryManagerApp.adminConsent true by an identity allowed to grant it)",
    );
  },
};
