/**
 * Output names of DirectoryManagerFlowStack that the `dmflow` command (cli/) reads after a deploy.
 * The stack declares them with these names, the command looks them up by them; none holds a secret.
 */
export const STACK_OUTPUTS = {
  /** Directory Manager's Power Automate settings and the route table (FlowEnvironment.settingsDocument). */
  directoryManagerSettings: "directory_manager_settings",
  /** Per route key, the relay URL for Directory Manager's Microsoft Flow Request URL (without ?code=). */
  relayRouteUrls: "relay_route_urls",
  relayBaseUrl: "relay_base_url",
  /** The relay's anonymous GET /api/health. */
  relayHealthUrl: "relay_health_url",
  /** Resource id of the relay's function app: its function key is listed through Resource Manager at run time. */
  relayFunctionAppId: "relay_function_app_id",
  /** Name of the relay's function app: the target of the post-apply code push (`dmflow deploy-code`). */
  relayFunctionAppName: "relay_function_app_name",
  /** Queue endpoint of the relay's storage account (queue depths). */
  relayQueueEndpoint: "relay_queue_endpoint",
  keyVaultUri: "key_vault_uri",
  /** Per route key, the versionless id of the Key Vault secret holding its flow URL. */
  flowUrlSecretIds: "flow_url_secret_ids",
  /** The versionless id of the Key Vault secret holding the app's client secret. */
  clientSecretSecretId: "client_secret_key_vault_secret_id",
  servicePrincipalObjectId: "service_principal_object_id",
  /** Per resource application id, the delegated scopes the app is configured with. */
  delegatedPermissions: "delegated_permissions",
  /** The versionless ids of Directory Manager's API credentials in Key Vault (with the relay's decisions). */
  directoryManagerApiSecretIds: "directory_manager_api_secret_ids",
} as const;
