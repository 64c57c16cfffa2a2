/**
 * The relay's default function key, fetched at run time from Azure Resource Manager with the
 * deployer's identity (POST <app>/host/default/listkeys). It never leaves this process unmasked:
 * every key in the answer goes to the Masker before anything is printed.
 */
import { z } from "zod";
import { CliError } from "./cli-error";
import { call, readJson } from "./endpoint";
import type { HttpsClient } from "./https-client";
import type { Masker } from "./mask";

const API_VERSION = "2024-04-01";
const HOST_KEYS = z.looseObject({
  masterKey: z.string().nullish(),
  functionKeys: z.record(z.string(), z.string()).nullish(),
  systemKeys: z.record(z.string(), z.string()).nullish(),
});

export async function fetchFunctionKey(
  http: HttpsClient,
  armUrl: string,
  functionAppId: string,
  armToken: string,
  masker: Masker,
): Promise<string> {
  const service = {
    name: "Azure Resource Manager",
    whenDenied:
      "the Azure identity running dmflow needs Microsoft.Web/sites/host/listkeys/action on the relay's function app (e.g. Website Contributor on it)",
  };
  const request = {
    method: "POST" as const,
    url: new URL(`${functionAppId}/host/default/listkeys?api-version=${API_VERSION}`, armUrl),
    headers: { authorization: `Bearer ${armToken}` },
  };
  const answer = await call(http, service, request);
  const keys = readJson(service, request, answer, HOST_KEYS, "the function app's host keys (functionKeys, masterKey)");
  for (const key of [
    keys.masterKey ?? undefined,
    ...Object.values(keys.functionKeys ?? {}),
    ...Object.values(keys.systemKeys ?? {}),
  ])
    masker.add(key);
  const key = keys.functionKeys?.default;
  if (!key)
    throw new CliError(
      `Azure Resource Manager (POST ${request.url.pathname}): the relay's function app has no "default" function key; create one (az functionapp keys set --key-type functionKeys --key-name default) and run again`,
    );
  return key;
}
