import { TerraformStack } from "../providers/cdktf";
import type { IConstruct } from "../providers/cdktf";
import { PropChecks, isUnresolved } from "../validation";

/** Where a name must be unique: in all of Azure (so in every stack of the app), or in one stack. */
export type NameScope = "azure" | "stack";

export interface NameClaim {
  /** The prop the name came from, for the message, e.g. "names.storageAccount". */
  readonly prop: string;
  /** What the name names, e.g. "storage account" or "app registration"; names of one kind are compared. */
  readonly kind: string;
  readonly name: string;
  readonly scope: NameScope;
  /**
   * The message's "must be …" and "but … was given", when the fix is not another name (the name
   * is fixed, e.g. a privatelink DNS zone's). @default - a name no other <kind> has, and the name
   */
  readonly problem?: (other: string) => { readonly expected: string; readonly given: unknown };
}

// Per app (the construct tree's root) or per stack: "<kind>|<name in lower case>" → construct path.
const claimed = new WeakMap<IConstruct, Map<string, string>>();

/**
 * Records that `scope` uses `name`; throws, naming both construct paths, when another construct
 * of the same app (or stack) already uses it. Azure compares these names without case. A name
 * known only at plan (a token) is not compared: derived names differ by their unique suffix.
 */
export function claimName(scope: IConstruct, claim: NameClaim): void {
  if (isUnresolved(claim.name)) return;
  const owner = claim.scope === "azure" ? scope.node.root : TerraformStack.of(scope);
  const names = claimed.get(owner) ?? new Map<string, string>();
  claimed.set(owner, names);
  const key = `${claim.kind}|${claim.name.toLowerCase()}`;
  const other = names.get(key);
  if (other !== undefined) {
    const where = claim.scope === "azure" ? "in Azure" : "in this stack";
    const { expected, given } = claim.problem?.(other) ?? {
      expected: `a name no other ${claim.kind} ${where} has (${other} already uses it)`,
      given: claim.name,
    };
    new PropChecks(scope).fail(claim.prop, expected, given);
  }
  names.set(key, scope.node.path);
}
