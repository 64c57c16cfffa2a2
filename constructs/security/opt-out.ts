import type { TerraformStack } from "../providers/cdktf";
import { PropChecks } from "../validation";

/** Metadata type under which a stack's opt-out (with its reason) is recorded. */
export const OPT_OUT_METADATA = "dmflow:securityOptOut";

/**
 * Switches the security rules off for one stack, with a written reason (recorded in the
 * synthesized metadata, annotated as a warning and listed by `npm run security:report`).
 * Call it before synth, before or after the pack is applied.
 */
export function optOutOfSecurityRules(stack: TerraformStack, reason: string): void {
  if (typeof reason !== "string" || reason.trim().length < 10) {
    new PropChecks(stack).fail(
      "reason",
      "a written reason why the security rules are switched off for this stack (at least 10 characters)",
      reason,
    );
  }
  if (optOutReasonOf(stack) !== undefined) return;
  stack.node.addMetadata(OPT_OUT_METADATA, { reason: reason.trim() });
}

/** The reason a stack's rules are switched off, or undefined when they run. */
export function optOutReasonOf(stack: TerraformStack): string | undefined {
  return (stack.node.metadata.find((m) => m.type === OPT_OUT_METADATA)?.data as { reason: string } | undefined)?.reason;
}
