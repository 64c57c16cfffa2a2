import { readFileSync } from "node:fs";
import { z } from "zod";
import { GUID } from "../contract/patterns";
import { ConfigError, describeConfigIssues } from "../constructs/app/config-loader";

const guid = z.string().regex(GUID, { error: "a GUID" });

/** bootstrap/bootstrap.json: where the state goes and which pipelines may sign in. */
export const bootstrapConfigSchema = z.strictObject({
  $schema: z.string().optional(),
  /** Azure region of the state storage and the deployment resource groups. */
  location: z.string().regex(/^[a-z][a-z0-9]+$/, { error: "an Azure region name in lower case, such as westeurope" }),
  /** Entra tenant; falls back to ARM_TENANT_ID, then to the signed-in identity. */
  tenantId: guid.optional(),
  /** Azure subscription; falls back to ARM_SUBSCRIPTION_ID, then to the Azure CLI's. */
  subscriptionId: guid.optional(),
  stateResourceGroupName: z.string().min(1).prefault("dmflow-tfstate-rg"),
  stateStorageAccountName: z.string().regex(/^[a-z0-9]{3,24}$/, {
    error: "a storage account name: 3-24 lower-case letters and digits, globally unique",
  }),
  stateContainerName: z
    .string()
    .regex(/^[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]$/, { error: "a blob container name" })
    .prefault("tfstate"),
  pipelineDisplayName: z.string().min(1).max(120).prefault("directory-manager-flow pipeline"),
  ownerObjectIds: z.array(guid).prefault([]),
  github: z
    .strictObject({
      repository: z.string().regex(/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/, { error: '"owner/name"' }),
      branch: z.string().min(1).prefault("main"),
      pullRequests: z.boolean().prefault(true),
    })
    .optional(),
  azureDevOps: z
    .strictObject({
      organization: z.string().min(1),
      organizationId: guid,
      project: z.string().min(1),
      /** Service connection of the read-only plan identity. */
      planServiceConnection: z.string().min(1).prefault("dmflow-plan"),
      /** Each environment's deploy service connection is "<prefix>-<environment>". */
      deployServiceConnectionPrefix: z.string().min(1).prefault("dmflow-deploy"),
    })
    .optional(),
  tags: z.record(z.string(), z.string()).prefault({}),
});

export type BootstrapConfig = z.output<typeof bootstrapConfigSchema>;

/** Reads and validates a bootstrap config file; the error lists every bad field. */
export function loadBootstrapConfig(file: string): BootstrapConfig {
  const result = bootstrapConfigSchema.safeParse(JSON.parse(readFileSync(file, "utf8")), { reportInput: true });
  if (!result.success)
    throw new ConfigError(describeConfigIssues(file, result.error.issues), "Invalid bootstrap configuration");
  return result.data;
}
