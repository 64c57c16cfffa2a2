/**
 * The relay's code landed: the SCM site's latest deployment succeeded, the package it recorded is
 * this machine's dist/relay.zip (same sha256) when that zip is here, and the Functions host indexed
 * every relay function. Reading the deployment needs the SCM site reachable from here.
 */
import { existsSync } from "node:fs";
import { azureToken } from "../azure/azure-token";
import { DEPLOY_STATUS, latestDeployment, scmUrl, statusName } from "../relay-app/kudu";
import { indexedFunctions, missingFunctions } from "../relay-app/relay-functions";
import { defaultPackagePath, readRelayPackage, recordedHash } from "../relay-app/relay-package";
import { fail, pass, skip, type Check } from "./check";

export const relayCode: Check = {
  id: "relay-code",
  title: "relay code",
  async run(ctx) {
    const outputs = await ctx.outputs();
    const siteId = outputs.relayFunctionAppId;
    if (!siteId) return skip("the stack has no relay");
    const deploy = `dmflow deploy-code --env ${ctx.options.environment}`;
    const arm = ctx.deps.azureEndpoints.resourceManager;
    const token = await azureToken(ctx.credential(), `${arm}/.default`, ctx.masker);
    const scm = { http: ctx.http, url: await scmUrl(ctx.http, arm, siteId, token), token };
    const deployment = await latestDeployment(scm);
    if (!deployment) return fail(["the SCM site has no deployment: the relay's code was never deployed"], deploy);
    const hash = recordedHash(deployment.message);
    const evidence = [
      `deployment ${deployment.id}: status ${statusName(deployment.status)}${deployment.end_time ? `, ${deployment.end_time}` : ""}`,
      `deployed package sha256: ${hash ?? "(not recorded: deployed by another tool)"}`,
    ];
    if (deployment.status !== DEPLOY_STATUS.success)
      return fail(evidence, `read the deployment log on the SCM site, fix what it names, then ${deploy}`);
    const localPath = defaultPackagePath(ctx.deps.cwd);
    if (existsSync(localPath)) {
      const local = readRelayPackage(localPath).sha256;
      evidence.push(`local ${localPath} sha256: ${local}`);
      if (hash !== local) return fail(evidence, `deploy this package: ${deploy}`);
    }
    const indexed = await indexedFunctions(ctx.http, arm, siteId, token);
    evidence.push(`functions indexed: ${indexed.join(", ") || "none"}`);
    const missing = missingFunctions(indexed);
    if (missing.length > 0)
      return fail(
        [...evidence, `not indexed: ${missing.join(", ")}`],
        `the host did not load the package: check the relay health check above and the app's Application Insights traces, then ${deploy}`,
      );
    return pass(evidence);
  },
};
