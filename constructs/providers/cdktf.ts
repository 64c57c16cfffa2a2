// Every import of the CDK for Terraform core goes through this file, so a move to the
// CDK Terrain fork (`cdktn`) is a one-line change here.
export {
  App,
  Annotations,
  AzurermBackend,
  Aspects,
  Fn,
  LocalBackend,
  TerraformAsset,
  AssetType,
  TerraformElement,
  TerraformOutput,
  TerraformResource,
  TerraformDataSource,
  TerraformProvider,
  TerraformStack,
  TerraformVariable,
  Testing,
  Token,
  Lazy,
} from "cdktf";
export type { IAspect, IResolvable, TerraformVariableValidationConfig } from "cdktf";
export { Construct } from "constructs";
export type { IConstruct } from "constructs";

import { DefaultTokenResolver, StringConcat, Tokenization } from "cdktf";
import type { IConstruct as Scope } from "constructs";

/**
 * A string with tokens as the Terraform expression it stands for, e.g.
 * "${azurerm_resource_group.rg.name}": two reads of one attribute give two different tokens but
 * the same expression, so references can be compared at synth.
 */
export function expressionOf(scope: Scope, value: string): string {
  return String(
    Tokenization.resolve(value, { scope, resolver: new DefaultTokenResolver(new StringConcat()), preparing: false }),
  );
}
