/**
 * The relay's SCM (Kudu) site, reached with an Entra token: where it is, the zip push, and the
 * deployment records. The calls are the ones `az functionapp deploy --type zip` makes
 * (Azure/azure-cli, src/azure-cli/azure/cli/command_modules/appservice/custom.py, commit
 * 00429bd37d87f5951917c692a2e3a8ea497c01e1: `_get_scm_url` reads the site's Repository host name,
 * `_build_onedeploy_scm_url` posts to `<scm>/api/publish?type=zip` with the zip as
 * application/octet-stream, `_get_onedeploy_status_url` polls `<scm>/api/deployments/latest`;
 * `get_scm_site_headers` sends a Resource Manager bearer token when basic auth is off). Record and
 * log shapes: projectkudu/kudu wiki "REST API" (GET /api/deployments/{id}, …/{id}/log).
 */
import { z } from "zod";
import { CliError } from "../cli-error";
import { call, readJson, type Service } from "../endpoint";
import type { HttpsClient } from "../https-client";

export const ARM_API_VERSION = "2024-04-01";

/** Kudu's DeployStatus (projectkudu/kudu, Kudu.Contracts/Deployment/DeployStatus.cs): 3 failed, 4 success. */
export const DEPLOY_STATUS = { failed: 3, success: 4 } as const;
const STATUS_NAMES = ["pending", "building", "deploying", "failed", "success"];

/** "4 (success)": the number Kudu returns, with its DeployStatus name. */
export const statusName = (status: number): string =>
  `${status}${STATUS_NAMES[status] ? ` (${STATUS_NAMES[status]})` : ""}`;

const SITE = z.looseObject({
  properties: z.looseObject({
    hostNameSslStates: z.array(z.looseObject({ name: z.string(), hostType: z.string().optional() })).default([]),
  }),
});

export const DEPLOYMENT = z.looseObject({
  id: z.string(),
  status: z.number().int(),
  status_text: z.string().nullish(),
  message: z.string().nullish(),
  deployer: z.string().nullish(),
  complete: z.boolean().nullish(),
  received_time: z.string().nullish(),
  end_time: z.string().nullish(),
  log_url: z.string().nullish(),
});
export type Deployment = z.infer<typeof DEPLOYMENT>;

const LOG = z.array(z.looseObject({ message: z.string().nullish(), log_time: z.string().nullish() }));

const ARM: Service = {
  name: "Azure Resource Manager",
  whenDenied:
    "the Azure identity running dmflow needs Website Contributor (or Contributor) on the relay's function app",
};
export const SCM: Service = {
  name: "the relay's SCM site (Kudu)",
  whenDenied:
    "the Azure identity needs Website Contributor on the function app, and the SCM site's access restrictions must admit this machine (the pipeline opens them with pipeline:runner-firewall scm)",
};

export interface Scm {
  readonly http: HttpsClient;
  readonly url: URL;
  readonly token: string;
}

/** The SCM site's base URL from the site's host names (hostType "Repository"). */
export async function scmUrl(http: HttpsClient, armUrl: string, siteId: string, token: string): Promise<URL> {
  const request = {
    method: "GET" as const,
    url: new URL(`${siteId}?api-version=${ARM_API_VERSION}`, armUrl),
    headers: { authorization: `Bearer ${token}` },
  };
  const site = readJson(
    ARM,
    request,
    await call(http, ARM, request),
    SITE,
    "the function app (properties.hostNameSslStates)",
  );
  const repository = site.properties.hostNameSslStates.find((h) => h.hostType?.toLowerCase() === "repository");
  if (!repository)
    throw new CliError(
      `Azure Resource Manager (GET ${request.url.pathname}): the function app lists no SCM host name (hostType Repository); is it a function app?`,
    );
  return new URL(`https://${repository.name}/`);
}

/** Pushes the zip; Kudu answers 200 (done) or 202 (accepted, running). */
export async function publishZip(scm: Scm, zip: Buffer, message: string): Promise<void> {
  const query = new URLSearchParams({ type: "zip", deployer: "dmflow", message });
  await call(scm.http, SCM, {
    method: "POST",
    url: new URL(`api/publish?${query}`, scm.url),
    headers: {
      authorization: `Bearer ${scm.token}`,
      "content-type": "application/octet-stream",
      "cache-control": "no-cache",
    },
    body: zip,
  });
}

/** The newest deployment record, or undefined when the site has none yet (404). */
export async function latestDeployment(scm: Scm): Promise<Deployment | undefined> {
  const request = {
    method: "GET" as const,
    url: new URL("api/deployments/latest", scm.url),
    headers: { authorization: `Bearer ${scm.token}` },
  };
  const answer = await call(scm.http, SCM, request, (s) => (s >= 200 && s < 300) || s === 404);
  if (answer.status === 404) return undefined;
  return readJson(SCM, request, answer, DEPLOYMENT, "a deployment record ({id, status, complete, …})");
}

/** The last lines of a deployment's log, for the failure message; empty when it cannot be read. */
export async function deploymentLog(scm: Scm, deployment: Deployment, lines = 5): Promise<string[]> {
  const url = deployment.log_url
    ? new URL(deployment.log_url)
    : new URL(`api/deployments/${deployment.id}/log`, scm.url);
  // Only ever the SCM host: a record's log_url must not send the token elsewhere.
  if (url.host !== scm.url.host) return [];
  const request = { method: "GET" as const, url, headers: { authorization: `Bearer ${scm.token}` } };
  try {
    const entries = readJson(SCM, request, await call(scm.http, SCM, request), LOG, "the deployment log entries");
    return entries
      .map((e) => e.message ?? "")
      .filter(Boolean)
      .slice(-lines);
  } catch (error) {
    if (error instanceof CliError) return [];
    throw error;
  }
}
