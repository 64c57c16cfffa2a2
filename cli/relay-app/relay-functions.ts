/**
 * The functions the relay package registers (relay/index.ts; a test keeps the two lists equal),
 * and the ones the Functions host has indexed, from Resource Manager's list:
 * GET <site>/functions?api-version=2024-04-01 → { value: [{ name: "<site>/<function>",
 * properties: { name } }] } (REST reference "Web Apps - List Functions", FunctionEnvelopeCollection).
 * An empty list after a deploy is the sign Flex gives of a package that did not land or did not start.
 */
import { z } from "zod";
import { call, readJson, type Service } from "../endpoint";
import type { HttpsClient, HttpsRequest } from "../https-client";
import { ARM_API_VERSION } from "./kudu";

export const RELAY_FUNCTIONS = [
  "flowEvent",
  "decision",
  "health",
  "healthDetails",
  "flowEventRedelivery",
  "decisionRedelivery",
] as const;

const FUNCTIONS = z.looseObject({
  value: z.array(
    z.looseObject({ name: z.string(), properties: z.looseObject({ name: z.string().nullish() }).nullish() }),
  ),
  nextLink: z.string().nullish(),
});

const ARM: Service = {
  name: "Azure Resource Manager",
  whenDenied:
    "the Azure identity running dmflow needs Microsoft.Web/sites/functions/read on the relay's function app (e.g. Website Contributor or Reader on it)",
};

/** The indexed function names (the part after "<site>/"), sorted. */
export async function indexedFunctions(
  http: HttpsClient,
  armUrl: string,
  siteId: string,
  token: string,
): Promise<string[]> {
  const names: string[] = [];
  let url: URL | undefined = new URL(`${siteId}/functions?api-version=${ARM_API_VERSION}`, armUrl);
  // nextLink pages stay on Resource Manager's host; a handful of pages at most.
  for (let page = 0; url && page < 10; page++) {
    const request: HttpsRequest = { method: "GET", url, headers: { authorization: `Bearer ${token}` } };
    const list: z.infer<typeof FUNCTIONS> = readJson(
      ARM,
      request,
      await call(http, ARM, request),
      FUNCTIONS,
      "the function app's functions ({value: [...]})",
    );
    for (const f of list.value) names.push(f.properties?.name ?? f.name.split("/").pop() ?? f.name);
    const next: URL | undefined = list.nextLink ? new URL(list.nextLink) : undefined;
    url = next && next.host === request.url.host ? next : undefined;
  }
  return names.sort();
}

/** The relay functions not (yet) indexed. */
export function missingFunctions(indexed: readonly string[]): string[] {
  return RELAY_FUNCTIONS.filter((f) => !indexed.includes(f));
}
