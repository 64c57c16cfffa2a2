import { z } from "zod";
import { DEFAULT_DELEGATED_PERMISSIONS } from "../resource-apis";
import { SETTING_BOUNDS, SETTING_CHOICES } from "../settings-bounds";
import { FLOW_HOST_SUFFIXES } from "../../contract/flow-hosts";
import {
  normaliseOrgCode,
  normaliseRegion,
  normaliseSharePointSiteUrl,
  parseEnvironmentUrl,
  validateDepartmentName,
} from "../flow-environment/normalise";
import { FLEX_INSTANCE_MEMORY_MB, FLEX_NODE_VERSIONS, STORAGE_REPLICATION } from "../flow-relay";
import { KEY_VAULT_NAME, SERVICE_TAG } from "../../contract/patterns";
import { RELAY_LIMITS, type Limit } from "../../contract/relay-limits";
import {
  callbackUrl,
  delegatedPermissions,
  directoryManagerServer,
  directoryManagerUrl,
  distinct,
  guid,
  location,
  normalised,
  publicIpv4Ranges,
  resourceGroupName,
  routes,
  tags,
  text,
} from "./config-fields";
import { dataverseCloudProblem } from "./dataverse-cloud";
import { relayNetwork } from "./config-network";
import { FLEX_CONSUMPTION_REGIONS, FLEX_REGION_EXPECTED } from "../flow-relay/flex-regions";

/** A whole number within a setting's bounds (RELAY_LIMITS, SETTING_BOUNDS), said with its unit and why the bounds are so. */
const bounded = (limit: Limit, { unit = limit.unit, note }: { unit?: string; note?: string } = {}) => {
  const expected = `a whole number ${unit ? `of ${unit} ` : ""}from ${limit.min} to ${limit.max}${note ? ` (${note})` : ""}`;
  return z
    .number({ error: expected })
    .int({ error: expected })
    .min(limit.min, { error: expected })
    .max(limit.max, { error: expected });
};
/** The same, defaulting to the bounds' default. */
const limited = (limit: Limit, words?: { note?: string }) => bounded(limit, words).prefault(limit.default);

// Field forms are in config-fields.ts; checks across fields and files in config-rules.ts and
// environment-collisions.ts. Every message completes "expected …".

const localBackend = z.strictObject({
  type: z.literal("local"),
  /** @default "terraform.<environment>.tfstate" in the project root (cdktf's default); never inside cdktf.out */
  path: text(
    /^\S(.*\S)?$/,
    "a path to the state file, relative to the project root, e.g. state/prod.tfstate",
  ).optional(),
});
const azurermBackend = z.strictObject({
  type: z.literal("azurerm"),
  resourceGroupName: resourceGroupName("the resource group that holds the state storage account"),
  storageAccountName: text(/^[a-z0-9]{3,24}$/, "a storage account name: 3-24 lower-case letters and digits"),
  containerName: text(
    /^[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]$/,
    "a blob container name: 3-63 lower-case letters, digits and single hyphens",
  ),
  key: text(/^\S{1,1024}$/, "a state blob name such as example.tfstate"),
});

/** A generation number an admin raises to rewrite write-only secrets at the next deploy. */
const generation = bounded(SETTING_BOUNDS.generation);

const APP_NAME_FORM = "the app registration's display name, 1-120 characters";
const GROUP_PREFIX_FORM = "a group name prefix of 1-60 characters";
/** A written reason for switching a safeguard off. */
const reason = (note = "") =>
  z
    .string({ error: "a written reason of at least 10 characters" })
    .trim()
    .min(10, { error: `a written reason of at least 10 characters${note}` });

/** One environment's configuration: `config/<environment>.json`. */
export const environmentConfigSchema = z
  .strictObject(
    {
      /** Editor hint only. */
      $schema: z.string().optional(),
      /** Azure region of every resource. */
      location,
      /** Prefix of every resource name; short, because storage account names are limited to 24 characters. */
      namePrefix: z
        .string()
        .regex(/^[a-z][a-z0-9]{1,9}$/, { error: "2-10 lower-case letters and digits, starting with a letter" })
        .prefault("dmflow"),
      /** Entra tenant; falls back to ARM_TENANT_ID, then to the signed-in identity. */
      tenantId: guid.optional(),
      /** Azure subscription; falls back to ARM_SUBSCRIPTION_ID. */
      subscriptionId: guid.optional(),
      /** Tags on every resource that takes tags. */
      tags: tags.prefault({}),
      /** Seconds a data-plane write (Key Vault secret, relay package) waits after the deployer's new role assignment. */
      roleWaitSeconds: limited(SETTING_BOUNDS.roleWaitSeconds),
      /** Terraform state: local file by default, or an Azure blob with Entra ID auth. */
      backend: z
        .discriminatedUnion("type", [localBackend, azurermBackend], {
          error: 'a backend with "type": "local" or "azurerm"',
        })
        .prefault({ type: "local" }),
      resourceGroup: z
        .strictObject({
          /** @default "<namePrefix>-<environment>-rg" */
          name: resourceGroupName("a resource group name").optional(),
          /** Use an existing resource group instead of creating one. */
          useExisting: z.boolean().prefault(false),
        })
        .prefault({}),
      keyVault: z
        .strictObject({
          /** @default "<namePrefix>-<environment>-kv-<6 hex digits from the subscription id and the stack>" */
          name: z
            .string()
            .regex(KEY_VAULT_NAME, {
              error: "a Key Vault name: 3-24 letters, digits and single hyphens, starting with a letter",
            })
            .optional(),
          /** Public IPs allowed through the vault's firewall (the vault denies everything else). */
          allowedIpRanges: publicIpv4Ranges().prefault([]),
          softDeleteRetentionDays: limited(SETTING_BOUNDS.keyVaultSoftDeleteRetentionDays),
        })
        .prefault({}),
      /** Directory Manager's Power Automate settings (its Management Console, identity store → Workflow → Microsoft Flow). */
      flowEnvironment: z
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
          if (cloudProblem)
            ctx.addIssue({ code: "custom", path: ["orgCode"], input: flow.orgCode, message: cloudProblem });
        })
        .optional(),
      /** Department → SharePoint site, for the relay's enrichment. */
      departments: z
        .record(
          z.string(),
          z.strictObject({
            siteUrl: normalised(
              "a SharePoint site URL such as https://contoso.sharepoint.com/sites/sales",
              normaliseSharePointSiteUrl,
            ),
            groupObjectId: guid.optional(),
          }),
        )
        .superRefine((departments, ctx) => {
          const seen = new Map<string, string>();
          for (const name of Object.keys(departments)) {
            try {
              validateDepartmentName(name);
            } catch (e) {
              ctx.addIssue({ code: "custom", path: [name], input: name, message: (e as Error).message });
            }
            // The relay matches departments case-insensitively.
            const folded = name.toLowerCase();
            if (seen.has(folded))
              ctx.addIssue({
                code: "custom",
                path: [name],
                input: name,
                message: `a name that differs from "${seen.get(folded)}" by more than case`,
              });
            seen.set(folded, name);
          }
        })
        .prefault({}),
      /** Create one Entra security group per department with dynamic membership on user.department (Entra ID P1). */
      departmentGroups: z
        .strictObject({
          create: z.boolean().prefault(false),
          namePrefix: z
            .string({ error: GROUP_PREFIX_FORM })
            .min(1, { error: GROUP_PREFIX_FORM })
            .max(60, { error: GROUP_PREFIX_FORM })
            .prefault("SharePoint access - "),
        })
        .prefault({}),
      /** The security rule pack (docs/security-rules.md) runs on every stack; switching it off needs a written reason. */
      securityRules: z
        .strictObject({
          optOutReason: reason(" (it is recorded in cdk.tf.json and reported)").optional(),
        })
        .prefault({}),
      /** The relay function app Directory Manager calls instead of the flow URL (needs flowEnvironment). */
      relay: z
        .strictObject({
          /** Deploy the relay; false leaves Directory Manager calling the flow URL itself. */
          enabled: z.boolean().prefault(true),
          instanceMemoryInMb: z
            .union(
              FLEX_INSTANCE_MEMORY_MB.map((m) => z.literal(m)) as unknown as [
                z.ZodLiteral<number>,
                z.ZodLiteral<number>,
              ],
              { error: `one of ${FLEX_INSTANCE_MEMORY_MB.join(", ")} (MB per instance)` },
            )
            .prefault(SETTING_CHOICES.instanceMemoryInMb.default),
          maximumInstanceCount: limited(SETTING_BOUNDS.maximumInstanceCount),
          nodeVersion: z
            .enum(FLEX_NODE_VERSIONS, {
              error: `one of ${FLEX_NODE_VERSIONS.map((v) => `"${v}"`).join(", ")} (a supported Node.js LTS on Azure)`,
            })
            .prefault(SETTING_CHOICES.nodeVersion.default),
          logRetentionDays: limited(SETTING_BOUNDS.logRetentionDays),
          /** The relay's limits: left out, FlowRelay applies RELAY_LIMITS' default (one place for config and props). */
          maxBodyBytes: bounded(RELAY_LIMITS.maxBodyBytes, { unit: "bytes" }).optional(),
          forwardDeadlineMs: bounded(RELAY_LIMITS.forwardDeadlineMs, { unit: "milliseconds" }).optional(),
          maxAttempts: bounded(RELAY_LIMITS.maxAttempts).optional(),
          maxJsonDepth: bounded(RELAY_LIMITS.maxJsonDepth, { unit: "nesting levels" }).optional(),
          maxRetryAfterSeconds: bounded(RELAY_LIMITS.maxRetryAfterSeconds, { unit: "seconds" }).optional(),
          /** JSON pointer (RFC 6901) to the department in the event body. */
          departmentPointer: text(/^(\/([^~/]|~[01])*)+$/, 'a JSON pointer such as "/user/department"').optional(),
          /** Top-level key the SharePoint site is added under. */
          enrichmentKey: text(
            /^[A-Za-z_][A-Za-z0-9_]{0,63}$/,
            "a property name of letters, digits and underscores",
          ).optional(),
          /** Directory Manager's public IPs: when set, the relay denies every other source. */
          ingressAllowedIpRanges: publicIpv4Ranges().prefault([]),
          /** Where Power Automate calls the decisions endpoint from: IPs, CIDRs or service tags. */
          decisionsAllowedSources: publicIpv4Ranges({
            pattern: SERVICE_TAG,
            form: "a service tag such as LogicApps",
          }).prefault([]),
          storageReplication: z
            .enum(STORAGE_REPLICATION, { error: `one of ${STORAGE_REPLICATION.join(", ")}` })
            .prefault(SETTING_CHOICES.storageReplication.default),
          /** How the relay reaches its storage and Key Vault: a created network by default (docs/network.md). */
          network: relayNetwork.prefault({}),
          decisions: z
            .strictObject({
              /** Relay approve/deny from the flow to Directory Manager's API. */
              enabled: z.boolean().prefault(false),
              /** Where the Directory Manager API credentials come from: sensitive variables or set outside Terraform. */
              credentialsSource: z
                .enum(["variables", "external"], { error: '"variables" or "external"' })
                .prefault("variables"),
              /** Raise it to write changed credentials (from the variables) at the next deploy. */
              credentialsVersion: generation.optional(),
              /** Raise it to rotate the decision token key at the next deploy (the one before keeps verifying). */
              tokenKeyVersion: generation.optional(),
              /** Raise it to replace the decisions key flows send at the next deploy. */
              decisionsKeyVersion: generation.optional(),
              /** Directory Manager's token endpoint. Default: https://<server>:4443/GroupIDSecurityService/connect/token. */
              directoryManagerTokenUrl: directoryManagerUrl(
                "an https URL such as https://dm.contoso.com:4443/GroupIDSecurityService/connect/token",
              ).optional(),
            })
            .prefault({}),
        })
        .prefault({}),
      directoryManagerApp: z
        .strictObject({
          /** Declare the app registration (false when it is managed elsewhere; then give flowEnvironment.clientId and tenantId). */
          enabled: z.boolean().prefault(true),
          /** @default "Netwrix Directory Manager (<environment>)": the tenant refuses two apps of one name */
          displayName: z
            .string({ error: APP_NAME_FORM })
            .max(120, { error: APP_NAME_FORM })
            .refine((s) => s.trim() !== "", { error: APP_NAME_FORM })
            .optional(),
          /** Object id of the pipeline's deploy identity (its service principal): an owner whoever applies, so the pipeline keeps managing the app. */
          pipelineOwnerObjectId: guid.optional(),
          /** Object ids of extra owners, besides the deploying principal. */
          ownerObjectIds: distinct(guid, "owner").prefault([]),
          /** Only assigned users and groups may sign in to the app (an administrator assigns them once). */
          signInRequiresAssignment: z.boolean().prefault(false),
          /** Delegated scopes per resource API. */
          delegatedPermissions: delegatedPermissions.prefault(
            DEFAULT_DELEGATED_PERMISSIONS as Record<string, string[]>,
          ),
          /** Leaving out every Flow Service scope needs a written reason: Directory Manager cannot reach Power Automate without one. */
          flowServiceOptOutReason: reason().optional(),
          /** Grant tenant-wide admin consent (needs a privileged deployer). */
          adminConsent: z.boolean().prefault(true),
          /** Review of tenant-wide consent to write scopes beyond the default set (recorded as the DMF-ENTRA-MANAGE-CONSENT suppression). */
          adminConsentReview: reason().optional(),
          /** Create the Flow Service principal in a tenant that lacks it (kept on destroy). */
          createMissingFlowServicePrincipal: z.boolean().prefault(false),
          clientSecret: z
            .strictObject({
              lifetimeDays: limited(SETTING_BOUNDS.clientSecretLifetimeDays, {
                note: "Microsoft recommends under 12 months",
              }),
              /** @default lifetimeDays - 30 (at least 1) */
              rotateAfterDays: z
                .number()
                .int()
                .min(1, { error: "a whole number of days, at least 1 and below lifetimeDays" })
                .optional(),
            })
            .superRefine((secret, ctx) => {
              if (secret.rotateAfterDays !== undefined && secret.rotateAfterDays >= secret.lifetimeDays) {
                ctx.addIssue({
                  code: "custom",
                  path: ["rotateAfterDays"],
                  input: secret.rotateAfterDays,
                  message: `a whole number of days below lifetimeDays (${secret.lifetimeDays}), so a new secret exists before the old one expires`,
                });
              }
            })
            .prefault({}),
        })
        .prefault({}),
    },
    { error: 'a JSON object of config fields, e.g. {"location": "westeurope"}' },
  )
  .superRefine((config, ctx) => {
    // The relay runs on Flex Consumption, which only some regions host.
    if (config.relay.enabled && config.flowEnvironment && !FLEX_CONSUMPTION_REGIONS.includes(config.location))
      ctx.addIssue({ code: "custom", path: ["location"], input: config.location, message: FLEX_REGION_EXPECTED });
    const flow = config.flowEnvironment;
    if (!flow) return;
    if (!config.directoryManagerApp.enabled) {
      for (const field of ["clientId", "tenantId"] as const) {
        if (!flow[field])
          ctx.addIssue({
            code: "custom",
            path: ["flowEnvironment", field],
            input: undefined,
            message: `the app registration's ${field === "clientId" ? "client (application) id" : "tenant id"} as a GUID, because directoryManagerApp.enabled is false`,
          });
      }
    } else {
      for (const field of ["clientId", "tenantId"] as const) {
        if (flow[field])
          ctx.addIssue({
            code: "custom",
            path: ["flowEnvironment", field],
            input: flow[field],
            message:
              "no value: it is taken from the app registration this stack declares (set directoryManagerApp.enabled to false to give your own)",
          });
      }
    }
  });

export type EnvironmentConfig = z.output<typeof environmentConfigSchema>;

export type EnvironmentConfigInput = z.input<typeof environmentConfigSchema>;
