import { z } from "zod";
import { SETTING_BOUNDS } from "../settings-bounds";
import { FLOW_HOST_SUFFIXES } from "../../contract/flow-hosts";
import { normaliseOrgCode, normaliseRegion, parseEnvironmentUrl } from "../flow-environment/normalise";
import { callbackUrl, directoryManagerServer, guid, normalised, routes } from "./config-fields";
import { dataverseCloudProblem } from "./dataverse-cloud";
import { limited } from "./config-schema-bounds";

export const flowEnvironment = z
  .strictObject({
    /** "Org Code": myorg in myorg.crm4.dynamics.com, or the environment URL itself. */
    orgCode: normalised(
      "an organization code such as myorg, or the environment URL https://myorg.crm4.dynamics.com",
      normaliseOrgCode,
    ),
    /** "Region": the Dataverse subdomain (crm4) or a Power Platform geo (europe). Taken from orgCode when that is a URL. */
    region: normalised(
      "a Dataverse region subdomain such as crm4, or a geo such as europe",
      normaliseRegion,
    ).optional(),
    /** "Directory Manager Server": host name, IP address or https URL. */
    directoryManagerServer,
    /** "Proxy Callback URL" (API: groupIDServiceUrl): where Power Automate calls back; path and port kept. Left out: dmflow leaves the field alone. */
    groupIDServiceUrl: callbackUrl.optional(),
    /** Directory Manager identity store id. */
    identityStoreId: z
      .number({ error: "a positive whole number (the identity store's id)" })
      .int({ error: "a positive whole number (the identity store's id)" })
      .min(1, { error: "a positive whole number (the identity store's id)" }),
    /** Cloud of the flow environment; decides which flow URL hosts are allowed. */
    cloud: z
      .enum(Object.keys(FLOW_HOST_SUFFIXES) as [keyof typeof FLOW_HOST_SUFFIXES], {
        error: `one of: ${Object.keys(FLOW_HOST_SUFFIXES).join(", ")}`,
      })
      .prefault("public"),
    /** Client and tenant id, only when directoryManagerApp.enabled is false (otherwise taken from the app). */
    clientId: guid.optional(),
    tenantId: guid.optional(),
    /** Workflow routes by key, each with its Directory Manager name and where its flow URL comes from. */
    routes,
    /** Days a flow URL secret is valid; each apply after lifetime - 30 days extends it. */
    flowUrlSecretLifetimeDays: limited(SETTING_BOUNDS.flowUrlSecretLifetimeDays),
    /** Raise it to write changed flow request URLs at the next deploy (they are written write-only). */
    flowUrlsVersion: limited(SETTING_BOUNDS.generation),
  })
  .superRefine((flow, ctx) => {
    const fromUrl = flow.orgCode.includes(".") ? parseEnvironmentUrl(flow.orgCode) : undefined;
    if (flow.region === undefined && fromUrl === undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["region"],
        input: undefined,
        message:
          "a Dataverse region subdomain such as crm4 (or give orgCode as the environment URL https://myorg.crm4.dynamics.com)",
      });
    }
    if (flow.region !== undefined && fromUrl !== undefined) {
      let same = false;
      try {
        same = normaliseRegion(flow.region) === normaliseRegion(fromUrl.region);
      } catch {
        same = true; // already reported on region itself
      }
      if (!same)
        ctx.addIssue({
          code: "custom",
          path: ["region"],
          input: flow.region,
          message: `the region of orgCode's URL ("${fromUrl.region}"), or no region at all`,
        });
    }
    const cloudProblem = dataverseCloudProblem(flow.orgCode, flow.cloud);
    if (cloudProblem) ctx.addIssue({ code: "custom", path: ["orgCode"], input: flow.orgCode, message: cloudProblem });
  })
  .optional();
