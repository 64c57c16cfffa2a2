import { type Construct, TerraformOutput } from "../providers/cdktf";
import { STACK_OUTPUTS } from "../../contract/stack-outputs";
import type { DirectoryManagerFlow } from "../directory-manager-flow";

/**
 * The stack's outputs: what the admin pastes into Directory Manager and what `dmflow` reads
 * (STACK_OUTPUTS names); ids, URLs and commands only, never a secret's value.
 */
export function addStackOutputs(stack: Construct, flow: DirectoryManagerFlow): void {
  const dmApp = flow.directoryManagerApp;
  if (dmApp) {
    new TerraformOutput(stack, "client_id", {
      value: dmApp.clientId,
      description: "Directory Manager's ClientID (Entra application id)",
    });
    new TerraformOutput(stack, "application_object_id", { value: dmApp.applicationObjectId });
    new TerraformOutput(stack, STACK_OUTPUTS.servicePrincipalObjectId, { value: dmApp.servicePrincipalObjectId });
    new TerraformOutput(stack, "tenant_id", { value: dmApp.tenantId });
    new TerraformOutput(stack, STACK_OUTPUTS.clientSecretSecretId, {
      value: dmApp.clientSecretKeyVaultSecretId,
      description: "Key Vault secret that holds the client secret (the id, not the value)",
    });
    new TerraformOutput(stack, STACK_OUTPUTS.delegatedPermissions, {
      value: dmApp.delegatedScopes,
      description: "Delegated scopes per resource application id (dmflow verify checks their admin consent)",
    });
  }
  new TerraformOutput(stack, STACK_OUTPUTS.keyVaultUri, { value: flow.keyVault.vaultUri });
  const relay = flow.relay;
  if (relay) {
    new TerraformOutput(stack, STACK_OUTPUTS.relayBaseUrl, {
      value: relay.relayBaseUrl,
      description: "Base URL of the relay function app",
    });
    new TerraformOutput(stack, STACK_OUTPUTS.relayRouteUrls, {
      value: relay.routeUrls,
      description:
        "Per route, the URL to paste into Directory Manager's Microsoft Flow Request URL, followed by ?code=<function key>",
    });
    if (relay.decisionsUrl)
      new TerraformOutput(stack, "relay_decisions_url", {
        value: relay.decisionsUrl,
        description:
          "Where the flow posts approve/deny decisions (with ?code=<decision function key> and the x-relay-decisions-key header)",
      });
    if (relay.decisionsKeyCommand)
      new TerraformOutput(stack, "relay_decisions_key_command", {
        value: relay.decisionsKeyCommand,
        description:
          "Prints the decisions key the flow sends as x-relay-decisions-key (kept in Key Vault only, never in state or outputs)",
      });
    new TerraformOutput(stack, "relay_identity_principal_id", {
      value: relay.identityPrincipalId,
      description:
        "Object id of the relay's managed identity: the trigger's allowed caller for routes in Entra mode (dmflow flow-template --relay-principal-id)",
    });
    if (relay.decisionsFunctionKeyCommand)
      new TerraformOutput(stack, "relay_decisions_function_key_command", {
        value: relay.decisionsFunctionKeyCommand,
        description:
          "Prints the flows' key: the decision function's own key, valid for /api/decisions only (never stored in state or outputs)",
      });
    new TerraformOutput(stack, "relay_function_key_command", {
      value: relay.functionKeyCommand,
      description:
        "Prints Directory Manager's key: the flowEvent function's own key, valid for /api/flows/{route} only (never the host key; never stored in state or outputs)",
    });
    // What `dmflow` needs to reach the relay's parts; ids and URLs, never a key.
    new TerraformOutput(stack, STACK_OUTPUTS.relayHealthUrl, {
      value: relay.healthUrl,
      description: "The relay's anonymous health endpoint",
    });
    new TerraformOutput(stack, STACK_OUTPUTS.relayFunctionAppName, {
      value: relay.functionAppName,
      description: "Name of the relay's function app: where `dmflow deploy-code` pushes the code after the apply",
    });
    new TerraformOutput(stack, STACK_OUTPUTS.relayFunctionAppId, {
      value: relay.functionAppId,
      description: "Resource id of the relay's function app (dmflow lists its function key at run time)",
    });
    new TerraformOutput(stack, STACK_OUTPUTS.relayQueueEndpoint, {
      value: relay.storageAccount.primaryQueueEndpoint,
      description: "Queue endpoint of the relay's storage account",
    });
    if (relay.directoryManagerSecrets) {
      const secrets = relay.directoryManagerSecrets;
      new TerraformOutput(stack, STACK_OUTPUTS.directoryManagerApiSecretIds, {
        value: {
          username: secrets.username.versionlessId,
          password: secrets.password.versionlessId,
          clientId: secrets.clientId.versionlessId,
          clientSecret: secrets.clientSecret.versionlessId,
        },
        description: "Key Vault secrets holding Directory Manager's API credentials (ids, not values)",
      });
    }
  }
  const routes = flow.flowEnvironment?.routes;
  if (routes) {
    new TerraformOutput(stack, STACK_OUTPUTS.directoryManagerSettings, {
      value: flow.settingsDocument(),
      description:
        "What to enter in Directory Manager (identity store → Workflow → Microsoft Flow, and each route's Microsoft Flow Request URL); holds no secret",
    });
    new TerraformOutput(stack, STACK_OUTPUTS.flowUrlSecretIds, {
      value: Object.fromEntries(Object.values(routes).map((route) => [route.key, route.flowUrlSecret.versionlessId])),
      description: "Per route, the Key Vault secret holding its flow URL (the id, not the URL)",
    });
  }
}
