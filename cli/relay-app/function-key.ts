/**
 * A function-level key of one of the relay's functions, fetched at run time from Azure Resource
 * Manager with the deployer's identity (POST <app>/functions/<function>/listkeys, operation
 * WebApps_ListFunctionKeys of Microsoft.Web's REST API). Never the app-wide host key: a function's
 * key opens that function only, so Directory Manager's key (flowEvent) cannot decide and a flow's
 * key (decision) cannot post events. The key never leaves this process unmasked: every key in the
 * answer goes to the Masker before anything is printed.
 */
import { z } from "zod";
import { CliError } from "../cli-error";
import { call, readJson } from "../endpoint";
import type { HttpsClient } from "../https-client";
import type { Masker } from "../mask";

const API_VERSION = "2024-04-01";
/** The spec's StringDictionary puts the keys under `properties`; scripts read them at the top level: either is read (inferred). */
const FUNCTION_KEYS = z.looseObject({ properties: z.record(z.string(), z.unknown()).nullish() });

export async function fetchFunctionKey(
  http: HttpsClient,
  armUrl: string,
  functionAppId: string,
  armToken: string,
  masker: Masker,
  functionName: string,
): Promise<string> {
  const service = {
    name: "Azure Resource Manager",
    whenDenied:
      "the Azure identity running dmflow needs Microsoft.Web/sites/functions/listkeys/action on the relay's function app (e.g. Website Contributor on it)",
  };
  const request = {
    method: "POST" as const,
    url: new URL(`${functionAppId}/functions/${functionName}/listkeys?api-version=${API_VERSION}`, armUrl),
    headers: { authorization: `Bearer ${armToken}` },
  };
  const answer = await call(http, service, request);
  const found = readJson(service, request, answer, FUNCTION_KEYS, `the ${functionName} function's keys`);
  const keys = { ...found, ...(found.properties ?? {}) } as Record<string, unknown>;
  for (const value of Object.values(keys)) if (typeof value === "string") masker.add(value);
  const key = keys.default;
  if (typeof key !== "string" || key === "")
    throw new CliError(
      `Azure Resource Manager (POST ${request.url.pathname}): the relay's ${functionName} function has no "default" key; create one (az functionapp function keys set --function-name ${functionName} --key-name default) and run again`,
    );
  return key;
}
