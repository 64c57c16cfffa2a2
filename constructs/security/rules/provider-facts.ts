/**
 * What the deploy rules know about the providers (azurerm 4.55.0, read from its tagged source) and
 * about Azure. Check again when a pin changes.
 */

/**
 * App settings azurerm 4.55 takes out of `app_settings` when it reads the app (it maps them to
 * other attributes or drops them): set there, each shows as a change on every plan, and every
 * apply rewrites the settings and restarts the app. From unpack…Settings in
 * function_app_flex_consumption_resource.go, linux_function_app_resource.go and
 * windows_function_app_resource.go.
 */
const FUNCTION_APP_STRIPPED = [
  "FUNCTIONS_EXTENSION_VERSION",
  "WEBSITE_NODE_DEFAULT_VERSION",
  "WEBSITE_HTTPLOGGING_RETENTION_DAYS",
  "DOCKER_REGISTRY_SERVER_URL",
  "DOCKER_REGISTRY_SERVER_USERNAME",
  "DOCKER_REGISTRY_SERVER_PASSWORD",
  "APPINSIGHTS_INSTRUMENTATIONKEY",
  "APPLICATIONINSIGHTS_CONNECTION_STRING",
  "AzureWebJobsStorage",
  "AzureWebJobsDashboard",
  "WEBSITE_HEALTHCHECK_MAXPINGFAILURES",
  "AzureWebJobsStorage__accountName",
  "AzureWebJobsDashboard__accountName",
  "WEBSITE_VNET_ROUTE_ALL",
] as const;
export const STRIPPED_APP_SETTINGS: Readonly<Record<string, readonly string[]>> = {
  azurerm_function_app_flex_consumption: [
    "APPINSIGHTS_INSTRUMENTATIONKEY",
    "APPLICATIONINSIGHTS_CONNECTION_STRING",
    "AzureWebJobsStorage",
    "WEBSITE_HEALTHCHECK_MAXPINGFAILURES",
    "DEPLOYMENT_STORAGE_CONNECTION_STRING",
  ],
  azurerm_linux_function_app: FUNCTION_APP_STRIPPED,
  azurerm_windows_function_app: FUNCTION_APP_STRIPPED,
};

/** Arguments Terraform stores in state that have a write-only twin (Terraform >= 1.11), by resource type. */
export const WRITE_ONLY_TWINS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  azurerm_key_vault_secret: { value: "value_wo" },
  azurerm_mssql_job_credential: { password: "password_wo" },
  azurerm_mssql_server: { administrator_login_password: "administrator_login_password_wo" },
  azurerm_mysql_flexible_server: { administrator_password: "administrator_password_wo" },
  azurerm_postgresql_flexible_server: { administrator_password: "administrator_password_wo" },
  azurerm_postgresql_server: { administrator_login_password: "administrator_login_password_wo" },
};

/** Resource types whose `name` is unique in all of Azure, by namespace. */
export const GLOBAL_NAME_NAMESPACES: Readonly<Record<string, string>> = {
  azurerm_key_vault: "Key Vault",
  azurerm_storage_account: "storage account",
  // <name>.azurewebsites.net
  azurerm_function_app_flex_consumption: "App Service app",
  azurerm_linux_function_app: "App Service app",
  azurerm_windows_function_app: "App Service app",
  azurerm_linux_web_app: "App Service app",
  azurerm_windows_web_app: "App Service app",
};
/** azapi_resource types (before "@") whose name is unique in all of Azure. */
export const GLOBAL_NAME_ARM_TYPES: Readonly<Record<string, string>> = {
  "microsoft.keyvault/vaults": "Key Vault",
  "microsoft.storage/storageaccounts": "storage account",
  "microsoft.web/sites": "App Service app",
};

/** Built-in roles that let their principal write Key Vault items or blobs (data plane). */
export const DATA_WRITE_ROLES: ReadonlySet<string> = new Set([
  "key vault administrator",
  "key vault secrets officer",
  "key vault certificates officer",
  "key vault crypto officer",
  "storage blob data contributor",
  "storage blob data owner",
]);

/** Data-plane writes the deploying identity makes, and the arguments that say where they write. */
export const DATA_PLANE_WRITES: Readonly<Record<string, readonly string[]>> = {
  azurerm_key_vault_secret: ["key_vault_id"],
  azurerm_key_vault_key: ["key_vault_id"],
  azurerm_key_vault_certificate: ["key_vault_id"],
  azurerm_storage_blob: ["storage_account_name", "storage_container_name", "storage_container_id"],
};

/**
 * azurerm resources whose `id` spells an ARM type segment otherwise than ARM returns it
 * (constructs/arm-ids.ts holds ARM's spellings): azurerm 4.55's service plan id parser writes
 * `serverFarms`.
 */
export const AZURERM_ID_SPELLINGS: Readonly<Record<string, string>> = {
  azurerm_service_plan: "Microsoft.Web/serverFarms",
};

/** What a Microsoft.Web site answers (409) while another operation on it runs. */
export const SITE_BUSY_MESSAGE = "Cannot modify this site because another operation is in progress";
