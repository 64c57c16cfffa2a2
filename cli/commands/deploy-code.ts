/**
 * `dmflow deploy-code --env <env> [--package dist/relay.zip]`: pushes the relay's zip to its
 * function app with OneDeploy and an Entra token (no storage key, no SAS, no blob written by the
 * deployer), waits for the deployment record to say succeeded or failed, then waits for the
 * Functions host to index every relay function. Exit 0 only when all three are seen; 1 names what
 * failed; 2 could not run. Flex can answer 200 for a deployment that failed, so the record's status
 * and the function list decide, never the upload's status.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { azureToken } from "../azure/azure-token";
import { CliError } from "../cli-error";
import {
  DEPLOY_STATUS,
  type Deployment,
  deploymentLog,
  latestDeployment,
  publishZip,
  type Scm,
  scmUrl,
  statusName,
} from "../relay-app/kudu";
import { indexedFunctions, missingFunctions } from "../relay-app/relay-functions";
import { defaultPackagePath, deploymentMessage, readRelayPackage } from "../relay-app/relay-package";
import type { RunContext } from "../run-context";

export interface DeployCodeOptions {
  /** @default <cwd>/dist/relay.zip */
  readonly packagePath?: string;
  /** How long to wait for the deployment and then the function list, together. */
  readonly deadlineMs: number;
  /** Between two polls. */
  readonly pollMs: number;
}

/** How often and how long to ask. */
interface Poll {
  readonly attempts: number;
  readonly pollMs: number;
  /** For messages, e.g. "600 s". */
  readonly deadline: string;
}

interface Outcome {
  readonly ok: boolean;
  readonly failed?: "deployment" | "functions";
  readonly lines: string[];
  readonly deployment?: Deployment;
  readonly functions?: string[];
}

export async function deployCode(ctx: RunContext, options: DeployCodeOptions): Promise<number> {
  const outputs = await ctx.outputs();
  const siteId = outputs.relayFunctionAppId;
  if (!siteId)
    throw new CliError(`${outputs.source}: has no "relay_function_app_id": this stack has no relay to deploy`);
  const pkg = readRelayPackage(options.packagePath ?? defaultPackagePath(ctx.deps.cwd));
  const arm = ctx.deps.azureEndpoints.resourceManager;
  const token = await azureToken(ctx.credential(), `${arm}/.default`, ctx.masker);
  ctx.output.progress("finding the relay's SCM site (Azure Resource Manager)");
  const scm: Scm = { http: ctx.http, url: await scmUrl(ctx.http, arm, siteId, token), token };
  const runId = ctx.deps.newId();
  ctx.output.progress(`pushing ${pkg.path} (${pkg.bytes.length} bytes, sha256 ${pkg.sha256}) to ${scm.url.host}`);
  await publishZip(scm, pkg.bytes, deploymentMessage(pkg.sha256, runId));

  const poll: Poll = {
    attempts: Math.max(1, Math.ceil(options.deadlineMs / options.pollMs)),
    pollMs: options.pollMs,
    deadline: `${options.deadlineMs / 1000} s`,
  };
  const lines = [`✓ package pushed: ${pkg.path}, ${pkg.bytes.length} bytes, sha256 ${pkg.sha256}`];
  const outcome = await waitForDeployment(ctx, scm, runId, poll, lines);
  const result =
    outcome.ok && outcome.deployment
      ? await waitForFunctions(ctx, { arm, siteId, token }, poll, lines, outcome.deployment)
      : outcome;
  if (ctx.options.json) {
    ctx.output.json({
      command: "deploy-code",
      environment: ctx.options.environment,
      ok: result.ok,
      ...(result.failed ? { failed: result.failed } : {}),
      packageSha256: pkg.sha256,
      deploymentId: result.deployment?.id,
      deploymentStatus: result.deployment?.status,
      functions: result.functions,
      lines: result.lines,
    });
  } else for (const line of result.lines) ctx.output.line(line);
  return result.ok ? 0 : 1;
}

async function waitForDeployment(
  ctx: RunContext,
  scm: Scm,
  runId: string,
  { attempts, pollMs, deadline }: Poll,
  lines: string[],
): Promise<Outcome> {
  let last: Deployment | undefined;
  for (let i = 0; i < attempts; i++) {
    if (i > 0) await sleep(pollMs);
    ctx.output.progress("waiting for the deployment to finish");
    const latest = await latestDeployment(scm);
    // The record of this push carries its run id; an older record is not this deployment.
    if (!latest?.message?.includes(runId)) continue;
    last = latest;
    const finished = latest.complete !== false;
    if (finished && latest.status === DEPLOY_STATUS.success) {
      lines.push(`✓ deployment ${latest.id} succeeded${latest.end_time ? ` at ${latest.end_time}` : ""}`);
      return { ok: true, lines, deployment: latest };
    }
    if (finished && latest.status === DEPLOY_STATUS.failed) {
      const log = await deploymentLog(scm, latest);
      lines.push(
        `✗ deployment ${latest.id} failed${latest.status_text ? `: ${latest.status_text}` : ""}`,
        ...log.map((l) => `    log: ${l}`),
        `    fix: read the deployment log (${new URL(`api/deployments/${latest.id}/log`, scm.url)}), fix the package or the app's settings it names, then deploy-code again`,
      );
      return { ok: false, failed: "deployment", lines, deployment: latest };
    }
  }
  lines.push(
    last
      ? `✗ deployment ${last.id} did not finish within ${deadline} (status ${statusName(last.status)})`
      : `✗ no deployment record for this push within ${deadline}`,
    `    fix: look at ${new URL("api/deployments/latest", scm.url)}; raise --deadline if the app is slow to start`,
  );
  return { ok: false, failed: "deployment", lines, deployment: last };
}

async function waitForFunctions(
  ctx: RunContext,
  site: { readonly arm: string; readonly siteId: string; readonly token: string },
  { attempts, pollMs, deadline }: Poll,
  lines: string[],
  deployment: Deployment,
): Promise<Outcome> {
  let indexed: string[] = [];
  for (let i = 0; i < attempts; i++) {
    if (i > 0) await sleep(pollMs);
    ctx.output.progress("waiting for the Functions host to index the relay's functions");
    indexed = await indexedFunctions(ctx.http, site.arm, site.siteId, site.token);
    if (missingFunctions(indexed).length === 0) {
      lines.push(`✓ functions indexed: ${indexed.join(", ")}`);
      return { ok: true, lines, deployment, functions: indexed };
    }
  }
  lines.push(
    `✗ functions not indexed within ${deadline}: ${missingFunctions(indexed).join(", ")} (indexed: ${indexed.join(", ") || "none"})`,
    "    fix: the package landed but the host did not load it; check the app's settings (dmflow verify) and its Application Insights traces, then deploy-code again",
  );
  return { ok: false, failed: "functions", lines, deployment, functions: indexed };
}
