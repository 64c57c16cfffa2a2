import { TerraformVariable } from "./providers/cdktf";
import type { Construct, TerraformVariableValidationConfig } from "./providers/cdktf";
import { claimName } from "./naming/name-claims";
import { VARIABLE_NAME } from "./naming/variable-stem";
import { PropChecks } from "./validation";

export interface SecretVariableProps {
  /** The prop the name comes from, for messages, e.g. "variablePrefix". */
  readonly prop: string;
  readonly description: string;
  readonly validation?: TerraformVariableValidationConfig[];
}

/**
 * A sensitive, ephemeral string variable named exactly `name` (the pipeline passes TF_VAR_<name>).
 * Ephemeral (Terraform >= 1.10): Terraform keeps it out of plan files and state, and accepts it
 * only where nothing is stored, such as a write-only argument (`value_wo`). Two constructs that
 * declare the same name in one stack fail at synth, naming both: Terraform would otherwise keep
 * one of them and feed both secrets the same value.
 */
export function secretVariable(scope: Construct, name: string, props: SecretVariableProps): TerraformVariable {
  new PropChecks(scope).matches(
    props.prop,
    name,
    VARIABLE_NAME,
    "lower-case letters, digits and underscores, starting with a letter or underscore (a Terraform and shell variable name)",
  );
  claimName(scope, { prop: props.prop, kind: "Terraform variable", name, scope: "stack" });
  const variable = new TerraformVariable(scope, name, {
    type: "string",
    sensitive: true,
    nullable: false,
    description: props.description,
    validation: props.validation,
  });
  variable.overrideLogicalId(name);
  // cdktf 0.21's TerraformVariable has no `ephemeral` option; this escape hatch writes the
  // argument as Terraform documents it (tested: the synthesized block passes terraform validate).
  variable.addOverride("ephemeral", true);
  return variable;
}
