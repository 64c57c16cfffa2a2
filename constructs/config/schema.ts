import { z } from "zod";
import { RESOURCE_APIS, DEFAULT_DELEGATED_PERMISSIONS, ResourceApiName } from "../resource-apis";
import { MAX_CLIENT_SECRET_LIFETIME_DAYS } from "../directory-manager-app";

// Every message below completes "expected …": the loader prints "got <value>; expected <message>".
/** A string field whose type error and pattern error say the same expected form. */
const text = (pattern: RegExp, expected: string) => z.string({ error: expected }).regex(pattern, { error: expected });
export const guid = text(/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/, "a GUID like 00000000-0000-0000-0000-000000000000");
const ipv4Range = text(
  /^((25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(25[0-5]|2[0-4]\d|1?\d?\d)(\/(3[0-2]|[12]?\d))?$/,
  "a public IPv4 address or CIDR range like 203.0.113.10 or 203.0.113.0/24",
);

const scopesOf = (api: ResourceApiName) =>
  z.array(z.enum(RESOURCE_APIS[api].scopes as unknown as [string, ...string[]], {
    error: `one of the ${api} scopes: ${RESOURCE_APIS[api].scopes.join(", ")}`,
  }));

const delegatedPermissions = z.strictObject(
  Object.fromEntries((Object.keys(RESOURCE_APIS) as ResourceApiName[]).map((api) => [api, scopesOf(api).optional()])),
);

const localBackend = z.strictObject({ type: z.literal("local") });
const azurermBackend = z.strictObject({
  type: z.literal("azurerm"),
  resourceGroupName: text(/^[-\w.()]{1,90}$/, "the name of the resource group that holds the state storage account"),
  storageAccountName: text(/^[a-z0-9]{3,24}$/, "a storage account name: 3-24 lower-case letters and digits"),
  containerName: text(/^[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]$/, "a blob container name: 3-63 lower-case letters, digits and single hyphens"),
  key: text(/^\S{1,1024}$/, "a state blob name such as example.tfstate"),
});

/** One environment's configuration: `config/<environment>.json`. */
export const environmentConfigSchema = z.strictObject({
  /** Editor hint only. */
  $schema: z.string().optional(),
  /** Azure region of every resource. */
  location: text(/^[a-z][a-z0-9]+$/, "an Azure region name in lower case, such as westeurope"),
  /** Prefix of every resource name; short, because storage account names are limited to 24 characters. */
  namePrefix: z.string().regex(/^[a-z][a-z0-9]{1,9}$/, { error: "2-10 lower-case letters and digits, starting with a letter" }).prefault("dmflow"),
  /** Entra tenant; falls back to ARM_TENANT_ID, then to the signed-in identity. */
  tenantId: guid.optional(),
  /** Azure subscription; falls back to ARM_SUBSCRIPTION_ID. */
  subscriptionId: guid.optional(),
  /** Tags on every resource that takes tags. */
  tags: z.record(z.string().min(1).max(512), z.string().max(256, { error: "a tag value of at most 256 characters" })).prefault({}),
  /** Terraform state: local file by default, or an Azure blob with Entra ID auth. */
  backend: z.discriminatedUnion("type", [localBackend, azurermBackend], { error: 'a backend with "type": "local" or "azurerm"' }).prefault({ type: "local" }),
  resourceGroup: z
    .strictObject({
      /** @default "<namePrefix>-<environment>-rg" */
      name: z.string().regex(/^[-\w.()]{1,89}[-\w()]$/, { error: "a resource group name: up to 90 letters, digits, '-', '_', '.', '(' or ')', not ending in '.'" }).optional(),
      /** Use an existing resource group instead of creating one. */
      useExisting: z.boolean().prefault(false),
    })
    .prefault({}),
  keyVault: z
    .strictObject({
      /** @default "<namePrefix>-<environment>-kv" */
      name: z.string().regex(/^[a-zA-Z](?!.*--)[a-zA-Z0-9-]{1,22}[a-zA-Z0-9]$/, { error: "a Key Vault name: 3-24 letters, digits and single hyphens, starting with a letter" }).optional(),
      /** Public IPs allowed through the vault's firewall (the vault denies everything else). */
      allowedIpRanges: z.array(ipv4Range).prefault([]),
      softDeleteRetentionDays: z.number().int().min(7, { error: "a whole number of days from 7 to 90" }).max(90, { error: "a whole number of days from 7 to 90" }).prefault(90),
    })
    .prefault({}),
  directoryManagerApp: z
    .strictObject({
      displayName: z.string().min(1).max(120, { error: "a display name of 1-120 characters" }).prefault("Netwrix Directory Manager"),
      /** Object ids of extra owners, besides the deploying principal. */
      ownerObjectIds: z.array(guid).prefault([]),
      /** Delegated scopes per resource API. */
      delegatedPermissions: delegatedPermissions.prefault(DEFAULT_DELEGATED_PERMISSIONS as Record<string, string[]>),
      /** Grant tenant-wide admin consent (needs a privileged deployer). */
      adminConsent: z.boolean().prefault(true),
      /** Create the Flow Service principal in a tenant that lacks it (kept on destroy). */
      createMissingFlowServicePrincipal: z.boolean().prefault(false),
      clientSecret: z
        .strictObject({
          lifetimeDays: z
            .number()
            .int({ error: `a whole number of days from 1 to ${MAX_CLIENT_SECRET_LIFETIME_DAYS}` })
            .min(1, { error: `a whole number of days from 1 to ${MAX_CLIENT_SECRET_LIFETIME_DAYS}` })
            .max(MAX_CLIENT_SECRET_LIFETIME_DAYS, { error: `a whole number of days from 1 to ${MAX_CLIENT_SECRET_LIFETIME_DAYS} (Microsoft recommends under 12 months)` })
            .prefault(180),
          /** @default lifetimeDays - 30 (at least 1) */
          rotateAfterDays: z.number().int().min(1, { error: "a whole number of days, at least 1 and below lifetimeDays" }).optional(),
        })
        .superRefine((secret, ctx) => {
          if (secret.rotateAfterDays !== undefined && secret.rotateAfterDays >= secret.lifetimeDays) {
            ctx.addIssue({ code: "custom", path: ["rotateAfterDays"], input: secret.rotateAfterDays, message: `a whole number of days below lifetimeDays (${secret.lifetimeDays}), so a new secret exists before the old one expires` });
          }
        })
        .prefault({}),
    })
    .prefault({}),
});

export type EnvironmentConfig = z.output<typeof environmentConfigSchema>;
export type EnvironmentConfigInput = z.input<typeof environmentConfigSchema>;
