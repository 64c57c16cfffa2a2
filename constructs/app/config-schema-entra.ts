import { z } from "zod";
import { DEFAULT_DELEGATED_PERMISSIONS } from "../resource-apis";
import { SETTING_BOUNDS } from "../settings-bounds";
import { delegatedPermissions, distinct, guid } from "./config-fields";
import { limited, reason } from "./config-schema-bounds";

const APP_NAME_FORM = "the app registration's display name, 1-120 characters";

/** The Entra app registration Directory Manager signs in with. */
export const directoryManagerApp = z
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
    delegatedPermissions: delegatedPermissions.prefault(DEFAULT_DELEGATED_PERMISSIONS as Record<string, string[]>),
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
  .prefault({});
