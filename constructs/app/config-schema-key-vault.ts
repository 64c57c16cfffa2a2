import { z } from "zod";
import { SETTING_BOUNDS } from "../settings-bounds";
import { KEY_VAULT_NAME } from "../../contract/patterns";
import { publicIpv4Ranges } from "./config-fields";
import { limited } from "./config-schema-bounds";

/** The Key Vault that holds the stack's secrets. */
export const keyVault = z
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
  .prefault({});
