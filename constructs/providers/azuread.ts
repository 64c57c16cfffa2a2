// The only file that imports the azuread provider. Deep paths only: the package's root barrel
// loads every resource binding (~2 s, ~400 MB); one deep module costs milliseconds.
export { AzureadProvider } from "@cdktf/provider-azuread/lib/provider";
export { Application } from "@cdktf/provider-azuread/lib/application";
// The binding is named ApplicationPasswordA (it clashes with a nested type of Application).
export { ApplicationPasswordA as ApplicationPassword } from "@cdktf/provider-azuread/lib/application-password";
export { ServicePrincipal } from "@cdktf/provider-azuread/lib/service-principal";
export { ServicePrincipalDelegatedPermissionGrant } from "@cdktf/provider-azuread/lib/service-principal-delegated-permission-grant";
export { DataAzureadServicePrincipal } from "@cdktf/provider-azuread/lib/data-azuread-service-principal";
export { DataAzureadClientConfig } from "@cdktf/provider-azuread/lib/data-azuread-client-config";
export { Group } from "@cdktf/provider-azuread/lib/group";
export { ApplicationFederatedIdentityCredential } from "@cdktf/provider-azuread/lib/application-federated-identity-credential";
export { AppRoleAssignment } from "@cdktf/provider-azuread/lib/app-role-assignment";
