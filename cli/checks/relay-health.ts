/**
 * The relay is up, configured, reports the version this package deploys and serves every route of
 * the stack. Anonymous GET /api/health says only up or down; the details (version, routes, the
 * settings that are wrong) come from GET /api/health/details with the function key, so the key is
 * used when it can be had.
 */
import { z } from "zod";
import { call, readJson } from "../endpoint";
import type { HttpsRequest } from "../https-client";
import { fail, pass, skip, type Check } from "./check";
import { RELAY_FUNCTIONS } from "../../contract/relay-settings";

const HEALTH = z.looseObject({
  status: z.string(),
  version: z.string().optional(),
  configured: z.boolean().optional(),
  routes: z.array(z.string()).optional(),
  problems: z.array(z.unknown()).optional(),
});

export const relayHealth: Check = {
  id: "relay-health",
  title: "relay health",
  async run(ctx, options) {
    const outputs = await ctx.outputs();
    const base = outputs.relayBaseUrl;
    const healthUrl = outputs.relayHealthUrl ?? (base ? `${base}/health` : undefined);
    if (!healthUrl) return skip("the stack has no relay");
    const key = await ctx.functionKey(RELAY_FUNCTIONS.healthDetails).catch(() => undefined);
    const service = {
      name: "the relay's health endpoint",
      whenDenied:
        "the health endpoint should answer anonymously; check the function app's access restrictions (ingressAllowedIpRanges) allow this machine",
    };
    const url = key ? `${healthUrl.replace(/\/+$/, "")}/details` : healthUrl;
    const request: HttpsRequest = { method: "GET", url: new URL(url), headers: key ? { "x-functions-key": key } : {} };
    const answer = await call(ctx.http, service, request, (s) => s === 200 || s === 503);
    const health = readJson(
      service,
      request,
      answer,
      HEALTH,
      'the relay\'s health report ({"status": …, "version": …})',
    );
    const restart =
      "fix the app settings it names (a Key Vault reference is re-read when the app restarts: `az functionapp restart --resource-group <rg> --name <app>`), then verify again";
    // "up" from this relay, "ok" from relays before anonymous health said only up or down.
    if (
      answer.status === 503 ||
      (health.status !== "up" && health.status !== "ok") ||
      health.configured === false ||
      (health.problems ?? []).length > 0
    ) {
      const problems = (health.problems ?? []).map((p) => JSON.stringify(p));
      return fail([`${url} answered ${answer.status}, status ${health.status}`, ...problems], restart);
    }
    const evidence = [`${url} answered 200, status ${health.status}, version ${health.version ?? "(not reported)"}`];
    if (!key)
      return fail(
        evidence,
        "the version and routes are reported only with the function key: sign in with a role that may list the function app's keys, then verify again",
      );
    if (health.version !== options.expectVersion) {
      return fail(
        evidence,
        `deploy this package's relay (version ${options.expectVersion}): cdktf deploy (OneDeploy deploys the package and restarts the app)`,
      );
    }
    const expected = outputs.directoryManagerSettings.routes.map((r) => r.routeKey);
    if (health.routes) {
      const missing = expected.filter((r) => !health.routes!.includes(r));
      evidence.push(`routes: ${health.routes.join(", ") || "(none)"}`);
      if (missing.length > 0)
        return fail(
          [...evidence, `not served: ${missing.join(", ")}`],
          "deploy the stack again so the relay's RELAY_ROUTES setting lists every route",
        );
    }
    return pass(evidence);
  },
};
