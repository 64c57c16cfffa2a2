// The only file that imports the azurerm provider. Deep paths only: the package's root barrel
// loads ~1,500 resource bindings (~2 s, ~400 MB); one deep module costs milliseconds.
export { AzurermProvider } from "@cdktf/provider-azurerm/lib/provider";
export { DataAzurermClientConfig } from "@cdktf/provider-azurerm/lib/data-azurerm-client-config";
export { DataAzurermResourceGroup } from "@cdktf/provider-azurerm/lib/data-azurerm-resource-group";
export { ResourceGroup } from "@cdktf/provider-azurerm/lib/resource-group";
export { KeyVault } from "@cdktf/provider-azurerm/lib/key-vault";
export { KeyVaultSecret } from "@cdktf/provider-azurerm/lib/key-vault-secret";
export { RoleAssignment } from "@cdktf/provider-azurerm/lib/role-assignment";
