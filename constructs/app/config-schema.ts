import { z } from "zod";
import { SETTING_BOUNDS } from "../settings-bounds";
import { guid, location, tags } from "./config-fields";
import { limited, reason } from "./config-schema-bounds";
import { directoryManagerApp } from "./config-schema-entra";
import { departmentGroups, departments } from "./config-schema-departments";
import { flowEnvironment } from "./config-schema-flow-environment";
import { keyVault } from "./config-schema-key-vault";
import { relay } from "./config-schema-relay";
import { backend, resourceGroup } from "./config-schema-state";
import { FLEX_CONSUMPTION_REGIONS, FLEX_REGION_EXPECTED } from "../flow-relay/flex-regions";

// One file per section: config-schema-<section>.ts; shared forms in config-schema-bounds.ts.
// Field forms are in config-fields.ts; checks across fields and files in config-rules.ts and
// environment-collisions.ts. Every message completes "expected …".

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
      backend,
      resourceGroup,
      keyVault,
      /** Directory Manager's Power Automate settings (its Management Console, identity store → Workflow → Microsoft Flow). */
      flowEnvironment,
      /** Department → SharePoint site, for the relay's enrichment. */
      departments,
      /** Create one Entra security group per department with dynamic membership on user.department (Entra ID P1). */
      departmentGroups,
      /** The security rule pack (docs/security-rules.md) runs on every stack; switching it off needs a written reason. */
      securityRules: z
        .strictObject({
          optOutReason: reason(" (it is recorded in cdk.tf.json and reported)").optional(),
        })
        .prefault({}),
      /** The relay function app Directory Manager calls instead of the flow URL (needs flowEnvironment). */
      relay,
      directoryManagerApp,
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
