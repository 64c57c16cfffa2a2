import { createHash } from "node:crypto";
import { Fn } from "../providers/cdktf";
import type { IConstruct } from "../providers/cdktf";
import { isUnresolved } from "../validation";

/** Characters in a uniqueness suffix: 6 hexadecimal digits, about 16.7 million values. */
export const UNIQUE_SUFFIX_LENGTH = 6;

/**
 * The uniqueness suffix of a subscription and a construct path: the first 6 hex digits of
 * sha1("<subscription id in lower case>/<construct path>"). Terraform has no uniqueString (Bicep's),
 * so this is the same idea spelt with functions both Terraform and Node have.
 */
export function uniqueSuffixOf(subscriptionId: string, constructPath: string): string {
  return createHash("sha1")
    .update(`${subscriptionId.toLowerCase()}/${constructPath}`)
    .digest("hex")
    .slice(0, UNIQUE_SUFFIX_LENGTH);
}

/**
 * The uniqueness suffix of `scope` in a subscription: computed at synth when the subscription id
 * is known, else the same value as a Terraform expression, known at plan (the id comes from a
 * data source). Either way a second organisation, environment or instance gets other names.
 */
export function uniqueSuffix(scope: IConstruct, subscriptionId: string): string {
  const path = scope.node.path;
  if (!isUnresolved(subscriptionId)) return uniqueSuffixOf(subscriptionId, path);
  return Fn.substr(Fn.sha1(Fn.join("/", [Fn.lower(subscriptionId), Fn.rawString(path)])), 0, UNIQUE_SUFFIX_LENGTH);
}
