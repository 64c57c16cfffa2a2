import { TerraformStack } from "../providers/cdktf";
import type { IConstruct } from "../providers/cdktf";

/** A Terraform variable name that is also a shell variable name (for TF_VAR_<name>). */
export const VARIABLE_NAME = /^[a-z_][a-z0-9_]*$/;

/**
 * The construct's path below its stack in lower snake case, e.g. "dm_flow_environment" for
 * `<stack>/dm/flow-environment`: the default start of the Terraform variables it declares, so
 * two instances in one stack never share a variable.
 */
export function variableStem(scope: IConstruct): string {
  const stackPath = TerraformStack.of(scope).node.path;
  const below = stackPath === "" ? scope.node.path : scope.node.path.slice(stackPath.length + 1);
  const stem = below
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "");
  return /^[a-z]/.test(stem) ? stem : `v_${stem}`;
}
