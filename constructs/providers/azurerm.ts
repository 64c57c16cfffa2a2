// The only file that imports the azurerm provider. Deep paths only: the package's root barrel
// loads ~1,500 resource bindings (~2 s, ~400 MB); one deep module costs milliseconds.
export { AzurermProvider } from "@cdktf/provider-azurerm/lib/provider";
export { DataAzurermClientConfig } from "@cdktf/provider-azurerm/lib/data-azurerm-client-config";
export { DataAzurermResourceGroup } from "@cdktf/provider-azurerm/lib/data-azurerm-resource-group";
export { ResourceGroup } from "@cdktf/provider-azurerm/lib/resource-group";
export { KeyVault } from "@cdktf/provider-azurerm/lib/key-vault";
export { KeyVaultSecret } from "@cdktf/provider-azurerm/lib/key-vault-secret";
export { RoleAssignment } from "@cdktf/provider-azurerm/lib/role-assignment";
export { DataAzurermSubscription } from "@cdktf/provider-azurerm/lib/data-azurerm-subscription";
export { StorageAccount } from "@cdktf/provider-azurerm/lib/storage-account";
export { StorageContainer } from "@cdktf/provider-azurerm/lib/storage-container";
export { StorageQueue } from "@cdktf/provider-azurerm/lib/storage-queue";
export { StorageManagementPolicy } from "@cdktf/provider-azurerm/lib/storage-management-policy";
export { MonitorDiagnosticSetting } from "@cdktf/provider-azurerm/lib/monitor-diagnostic-setting";
export { UserAssignedIdentity } from "@cdktf/provider-azurerm/lib/user-assigned-identity";
export { ServicePlan } from "@cdktf/provider-azurerm/lib/service-plan";
export { ApplicationInsights } from "@cdktf/provider-azurerm/lib/application-insights";
export { LogAnalyticsWorkspace } from "@cdktf/provider-azurerm/lib/log-analytics-workspace";
export { DataAzurermKeyVault } from "@cdktf/provider-azurerm/lib/data-azurerm-key-vault";
export { VirtualNetwork } from "@cdktf/provider-azurerm/lib/virtual-network";
export { Subnet } from "@cdktf/provider-azurerm/lib/subnet";
export { PrivateEndpoint } from "@cdktf/provider-azurerm/lib/private-endpoint";
export { PrivateDnsZone } from "@cdktf/provider-azurerm/lib/private-dns-zone";
export { PrivateDnsZoneVirtualNetworkLink } from "@cdktf/provider-azurerm/lib/private-dns-zone-virtual-network-link";
export { NetworkSecurityGroup } from "@cdktf/provider-azurerm/lib/network-security-group";
export { SubnetNetworkSecurityGroupAssociation } from "@cdktf/provider-azurerm/lib/subnet-network-security-group-association";
