// The ARM request bodies of the relay's Flex Consumption app, as Azure documents them (pure
// functions; the FlowRelay parts send them through the azapi provider). Checked in tests against
// the published type definitions of WEB_API_VERSION.
import type { ArmBody } from "../providers/azapi";

/** Microsoft.Web API version of every body here. */
export const WEB_API_VERSION = "2024-11-01";
export const SITE_TYPE = `Microsoft.Web/sites@${WEB_API_VERSION}`;
export const PUBLISHING_POLICY_TYPE = `Microsoft.Web/sites/basicPublishingCredentialsPolicies@${WEB_API_VERSION}`;

/**
 * The retry every request on the site carries: a site operation still running (the site's own
 * PUT, a publishing policy, a code push) makes the next one answer 409 with this message.
 */
export const SITE_BUSY_RETRY = {
  errorMessageRegex: ["Cannot modify this site because another operation is in progress"],
};

/** One inbound allow rule: an IPv4 address/CIDR range, or a service tag such as "LogicApps". */
export interface InboundRule {
  readonly name: string;
  readonly description: string;
  readonly ipRange?: string;
  readonly serviceTag?: string;
}

export interface FlexSiteBodyInput {
  /** Id of the FC1 plan, spelt as ARM returns it (`.../Microsoft.Web/serverfarms/...`, see armCasedId). */
  readonly servicePlanId: string;
  /** `https://<account>.blob.core.windows.net/<container>`: where the platform keeps the deployed package. */
  readonly deploymentContainerUrl: string;
  /** Resource id of the user-assigned identity: deployment storage, and Key Vault references. */
  readonly identityId: string;
  /** Node.js major version, e.g. "22". */
  readonly nodeVersion: string;
  readonly instanceMemoryMb: number;
  readonly maximumInstanceCount: number;
  /** App settings, by name; none may be empty (an empty value is a setting in name only). */
  readonly appSettings: Readonly<Record<string, string>>;
  /** Inbound allow-list; when given, every other source is denied. @default - no restriction */
  readonly inboundRules?: readonly InboundRule[];
  /** Subnet delegated to Microsoft.App/environments for outbound traffic. @default - no VNet integration */
  readonly virtualNetworkSubnetId?: string;
}

/**
 * `Microsoft.Web/sites`, kind `functionapp,linux`, on Flex Consumption: deployment storage read
 * with the user-assigned identity, that identity resolving Key Vault references, TLS 1.2+, https
 * only, and the SCM site's allow-list deny-all (code arrives through an authenticated OneDeploy push
 * after the apply, `dmflow deploy-code`, which opens it to the runner for that step). Enum values
 * are spelt as the REST spec example echoes them; ids are passed in spelt as ARM returns them.
 */
export function flexSiteBody(input: FlexSiteBodyInput): ArmBody {
  const restricted = input.inboundRules !== undefined;
  return {
    kind: "functionapp,linux",
    properties: {
      serverFarmId: input.servicePlanId,
      reserved: true,
      httpsOnly: true,
      clientCertEnabled: false,
      publicNetworkAccess: "Enabled",
      keyVaultReferenceIdentity: input.identityId,
      ...(input.virtualNetworkSubnetId !== undefined ? { virtualNetworkSubnetId: input.virtualNetworkSubnetId } : {}),
      functionAppConfig: {
        deployment: {
          storage: {
            type: "blobContainer",
            value: input.deploymentContainerUrl,
            authentication: { type: "UserAssignedIdentity", userAssignedIdentityResourceId: input.identityId },
          },
        },
        runtime: { name: "node", version: input.nodeVersion },
        scaleAndConcurrency: {
          maximumInstanceCount: input.maximumInstanceCount,
          instanceMemoryMB: input.instanceMemoryMb,
        },
      },
      siteConfig: {
        minTlsVersion: "1.2",
        scmMinTlsVersion: "1.2",
        remoteDebuggingEnabled: false,
        http20Enabled: true,
        ipSecurityRestrictionsDefaultAction: restricted ? "Deny" : "Allow",
        ...(restricted ? { ipSecurityRestrictions: input.inboundRules!.map(inboundRestriction) } : {}),
        scmIpSecurityRestrictionsDefaultAction: "Deny",
        scmIpSecurityRestrictionsUseMain: false,
        appSettings: Object.entries(input.appSettings).map(([name, value]) => ({ name, value })),
      },
    },
  };
}

/** ARM writes a service tag as `ipAddress` with `tag: "ServiceTag"`, and an address range with `tag: "Default"`. */
function inboundRestriction(rule: InboundRule, index: number): Record<string, unknown> {
  return {
    name: rule.name,
    description: rule.description,
    action: "Allow",
    priority: 100 + index,
    ipAddress: rule.serviceTag ?? rule.ipRange,
    tag: rule.serviceTag !== undefined ? "ServiceTag" : "Default",
  };
}

/** `basicPublishingCredentialsPolicies/{scm,ftp}`: basic-auth publishing off; deploys use Entra ID. */
export function basicPublishingOffBody(): ArmBody {
  return { properties: { allow: false } };
}
