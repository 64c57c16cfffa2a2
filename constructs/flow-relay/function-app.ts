import type { Construct, TerraformResource } from "../providers/cdktf";
import { FunctionAppFlexConsumption, ServicePlan, StorageAccount, UserAssignedIdentity } from "../providers/azurerm";
import { IPV4_RANGE } from "../../contract/patterns";
import { suppressRule } from "../security/suppress";
import { isUnresolved } from "../validation";
import { DEPLOYMENT_CONTAINER } from "./storage";

export interface RelayFunctionAppProps {
  readonly base: { readonly resourceGroupName: string; readonly location: string; readonly tags: Record<string, string> };
  readonly name: string;
  readonly servicePlanName: string;
  readonly nodeVersion: string;
  readonly instanceMemoryInMb: number;
  readonly maximumInstanceCount: number;
  readonly account: StorageAccount;
  readonly identity: UserAssignedIdentity;
  readonly applicationInsightsConnectionString: string;
  readonly appSettings: Record<string, string>;
  /** Directory Manager's addresses; with decisionSources, every other source is denied. */
  readonly ingressSources?: readonly string[];
  /** Power Automate's addresses or service tags, for the decisions endpoint. */
  readonly decisionSources?: readonly string[];
  /** What must exist before the app starts: its identity's roles, its package, its containers. */
  readonly dependsOn: TerraformResource[];
}

/** Azure's inbound allow-list entries: app-wide, one per address, range or service tag. */
export function ipRestrictions(ingressSources: readonly string[] = [], decisionSources: readonly string[] = []) {
  return [
    ...ingressSources.map((ip) => ({ name: "directory-manager", description: "Directory Manager (workflow routes)", ip })),
    ...decisionSources.map((ip) => ({ name: "power-automate", description: "Power Automate (decisions)", ip })),
  ].map(({ name, description, ip }, i) => ({
    name: `${name}-${i + 1}`,
    description,
    action: "Allow",
    priority: 100 + i,
    ...(IPV4_RANGE.test(ip) || isUnresolved(ip) ? { ipAddress: ip.includes("/") ? ip : `${ip}/32` } : { serviceTag: ip }),
  }));
}

/**
 * The Flex Consumption plan and the function app: https only, TLS 1.2, no basic publishing auth,
 * the SCM site denied, code from the deployment container reached with the user-assigned identity.
 */
export function createRelayFunctionApp(scope: Construct, props: RelayFunctionAppProps): FunctionAppFlexConsumption {
  const restricted = props.ingressSources !== undefined || props.decisionSources !== undefined;
  const plan = new ServicePlan(scope, "plan", { ...props.base, name: props.servicePlanName, osType: "Linux", skuName: "FC1" });
  const app = new FunctionAppFlexConsumption(scope, "app", {
    ...props.base,
    name: props.name,
    servicePlanId: plan.id,
    runtimeName: "node",
    runtimeVersion: props.nodeVersion,
    instanceMemoryInMb: props.instanceMemoryInMb,
    maximumInstanceCount: props.maximumInstanceCount,
    storageContainerType: "blobContainer",
    storageContainerEndpoint: `${props.account.primaryBlobEndpoint}${DEPLOYMENT_CONTAINER}`,
    storageAuthenticationType: "UserAssignedIdentity",
    storageUserAssignedIdentityId: props.identity.id,
    // User-assigned: storage, queues, telemetry (granted before the app exists). System-assigned:
    // Key Vault references, because azurerm 4.55 has no key_vault_reference_identity_id on this
    // resource (terraform-provider-azurerm#28928) and references default to the system identity.
    identity: { type: "SystemAssigned, UserAssigned", identityIds: [props.identity.id] },
    httpsOnly: true,
    publicNetworkAccessEnabled: true,
    webdeployPublishBasicAuthenticationEnabled: false,
    clientCertificateEnabled: false,
    siteConfig: {
      minimumTlsVersion: "1.2",
      scmMinimumTlsVersion: "1.2",
      remoteDebuggingEnabled: false,
      http2Enabled: true,
      applicationInsightsConnectionString: props.applicationInsightsConnectionString,
      ipRestrictionDefaultAction: restricted ? "Deny" : "Allow",
      ipRestriction: restricted ? ipRestrictions(props.ingressSources, props.decisionSources) : undefined,
      // Code arrives through the deployment container, so nothing needs the SCM site.
      scmIpRestrictionDefaultAction: "Deny",
      scmUseMainIpRestriction: false,
    },
    appSettings: props.appSettings,
    tags: props.base.tags,
    dependsOn: props.dependsOn,
  });
  suppressRule(
    app,
    "DMF-FUNC-PUBLIC-ACCESS",
    "Directory Manager (on premises or elsewhere) and Power Automate (a multi-tenant service) must reach the relay over the internet. Compensating controls: function-key authorization on every endpoint but the anonymous health check, https only with TLS 1.2, basic publishing auth off and the SCM site denied, and IP/service-tag allow-lists when ingressAllowedIpRanges/decisionsAllowedSources are set.",
  );
  return app;
}
