import { z } from "zod";
import { SETTING_BOUNDS, SETTING_CHOICES } from "../settings-bounds";
import { FLEX_INSTANCE_MEMORY_MB, FLEX_NODE_VERSIONS, STORAGE_REPLICATION } from "../flow-relay";
import { SERVICE_TAG } from "../../contract/patterns";
import { RELAY_LIMITS } from "../../contract/relay-limits";
import { directoryManagerUrl, publicIpv4Ranges, text } from "./config-fields";
import { relayNetwork } from "./config-network";
import { bounded, generation, limited } from "./config-schema-bounds";

/** The relay function app Directory Manager calls instead of the flow URL (needs flowEnvironment). */
export const relay = z
  .strictObject({
    /** Deploy the relay; false leaves Directory Manager calling the flow URL itself. */
    enabled: z.boolean().prefault(true),
    instanceMemoryInMb: z
      .union(
        FLEX_INSTANCE_MEMORY_MB.map((m) => z.literal(m)) as unknown as [z.ZodLiteral<number>, z.ZodLiteral<number>],
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
  .prefault({});
