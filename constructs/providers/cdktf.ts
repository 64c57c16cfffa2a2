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
