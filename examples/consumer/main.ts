// A platform team's stack: its own providers, resource group and Key Vault; DirectoryManagerApp on
// its own writing into that vault; and two complete installations side by side.
import { App, TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import { AzurermProvider } from "@cdktf/provider-azurerm/lib/provider";
import { ResourceGroup } from "@cdktf/provider-azurerm/lib/resource-group";
import { KeyVault } from "@cdktf/provider-azurerm/lib/key-vault";
import { AzureadProvider } from "@cdktf/provider-azuread/lib/provider";
import { TimeProvider } from "@cdktf/provider-time/lib/provider";
import {
  AzapiProvider,
  DirectoryManagerApp,
  DirectoryManagerFlow,
  applySecurityRules,
  suppressRule,
} from "directory-manager-flow";
import type { DirectoryManagerFlowProps } from "directory-manager-flow";

const SUBSCRIPTION = "00000000-0000-0000-0000-00000000aaaa";
const TENANT = "00000000-0000-0000-0000-00000000bbbb";
const tags = { owner: "platform-team", costCenter: "it-0042" };

class PlatformStack extends TerraformStack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    new AzurermProvider(this, "azurerm", {
      // No data-plane poll of the relay's new storage account: its firewall would answer 403.
      features: [{ storage: [{ dataPlaneAvailable: false }] }],
      storageUseAzuread: true,
      subscriptionId: SUBSCRIPTION,
      tenantId: TENANT,
    });
    new AzureadProvider(this, "azuread", { tenantId: TENANT });
    new TimeProvider(this, "time");
    new AzapiProvider(this, "azapi", { subscriptionId: SUBSCRIPTION, tenantId: TENANT });

    const group = new ResourceGroup(this, "platform-rg", {
      name: "rg-platform-identity",
      location: "westeurope",
      tags,
    });
    const vault = new KeyVault(this, "platform-kv", {
      name: "kv-platform-identity",
      resourceGroupName: group.name,
      location: group.location,
      tenantId: TENANT,
      skuName: "standard",
      rbacAuthorizationEnabled: true,
      purgeProtectionEnabled: true,
      softDeleteRetentionDays: 90,
      publicNetworkAccessEnabled: false,
      networkAcls: { defaultAction: "Deny", bypass: "AzureServices" },
      tags,
    });
    // The package's security rules check the platform's own vault too; a suppression says why.
    suppressRule(
      vault,
      "DMF-KV-PRIVATE-ENDPOINT",
      "The platform's network stack adds the vault's private endpoint; this stack only holds the vault",
    );

    // The app registration alone, its client secret in the platform's own vault (no lookup).
    // A second accountable owner besides whoever applies (the security rules want two).
    new DirectoryManagerApp(this, "dm-app", {
      keyVault: vault,
      displayName: "Directory Manager (platform)",
      secretTags: tags,
      ownerObjectIds: ["00000000-0000-0000-0000-00000000dddd"],
    });

    // Two installations in one stack: names and variables come from each one's construct path.
    const installation = (directoryManagerServer: string): DirectoryManagerFlowProps => ({
      resourceGroup: group,
      subscriptionId: SUBSCRIPTION,
      tags,
      directoryManagerApp: false,
      flowEnvironment: {
        orgCode: "https://contoso.crm4.dynamics.com",
        directoryManagerServer,
        identityStoreId: 1,
        clientId: "00000000-0000-0000-0000-00000000cccc",
        tenantId: TENANT,
        routes: { "create-user": { displayName: "Create User", flowRequestUrl: { source: "variable" } } },
      },
    });
    new DirectoryManagerFlow(this, "europe", installation("dm-eu.contoso.com"));
    new DirectoryManagerFlow(this, "americas", installation("dm-us.contoso.com"));

    applySecurityRules(this, { requiredTags: Object.keys(tags) });
  }
}

const app = new App({ outdir: process.env.CONSUMER_OUTDIR ?? "cdktf.out" });
new PlatformStack(app, "platform");
app.synth();
