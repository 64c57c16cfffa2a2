import { type Construct, Fn, type TerraformResource } from "../providers/cdktf";
import { ServicePlan, type StorageAccount } from "../providers/azurerm";
import type { IdentityRef } from "../identity-ref";
import { AzapiResource, AzapiUpdateResource } from "../providers/azapi";
import { armCasedId } from "../arm-ids";
import { IPV4_RANGE } from "../../contract/patterns";
import { suppressRule } from "../security/suppress";
import { isUnresolved } from "../validation";
import {
  type InboundRule,
  PUBLISHING_POLICY_TYPE,
  SITE_BUSY_RETRY,
  SITE_TYPE,
  basicPublishingOffBody,
  flexSiteBody,
} from "./flex-site-body";
import { DEPLOYMENT_CONTAINER } from "./storage";

export interface RelayFunctionAppProps {
  readonly base: {
    readonly resourceGroupName: string;
    readonly location: string;
    readonly tags: Record<string, string>;
  };
  readonly name: string;
  readonly servicePlanName: string;
  readonly nodeVersion: string;
  readonly instanceMemoryInMb: number;
  readonly maximumInstanceCount: number;
  readonly account: StorageAccount;
  readonly identity: IdentityRef;
  readonly appSettings: Record<string, string>;
  /** Directory Manager's addresses; with decisionSources, every other source is denied. */
  readonly ingressSources?: readonly string[];
  /** Power Automate's addresses or service tags, for the decisions endpoint. */
  readonly decisionSources?: readonly string[];
  /** Subnet for VNet integration. @default - none */
  readonly virtualNetworkSubnetId?: string;
  /** What must exist before the app starts: its identity's roles and containers. */
  readonly dependsOn: TerraformResource[];
}

export interface RelayFunctionApp {
  readonly site: AzapiResource;
  /** The scm and ftp publishing policies, set one after the other after the site. */
  readonly publishingPolicies: AzapiUpdateResource[];
}

/** Azure's inbound allow-list entries: app-wide, one per address, range or service tag. */
export function inboundRules(
  ingressSources: readonly string[] = [],
  decisionSources: readonly string[] = [],
): InboundRule[] {
  return [
    ...ingressSources.map((source) => ({
      name: "directory-manager",
      description: "Directory Manager (workflow routes)",
      source,
    })),
    ...decisionSources.map((source) => ({ name: "power-automate", description: "Power Automate (decisions)", source })),
  ].map(({ name, description, source }, i) => ({
    name: `${name}-${i + 1}`,
    description,
    ...(IPV4_RANGE.test(source) || isUnresolved(source)
      ? { ipRange: source.includes("/") ? source : `${source}/32` }
      : { serviceTag: source }),
  }));
}

/**
 * The Flex Consumption plan and the function app, declared as ARM documents it (through azapi):
 * https only, TLS 1.2, basic publishing auth off, the SCM site denied, deployment storage and Key
 * Vault references reached with the user-assigned identity.
 */
export function createRelayFunctionApp(scope: Construct, props: RelayFunctionAppProps): RelayFunctionApp {
  const restricted = props.ingressSources !== undefined || props.decisionSources !== undefined;
  const plan = new ServicePlan(scope, "plan", {
    ...props.base,
    name: props.servicePlanName,
    osType: "Linux",
    skuName: "FC1",
  });
  const perExecution =
    "A Flex Consumption (FC1) plan has no fixed workers: instances start per execution (up to maximumInstanceCount), so";
  suppressRule(plan, "DMF-PLAN-WORKER-COUNT", `${perExecution} worker_count does not apply.`);
  suppressRule(
    plan,
    "DMF-PLAN-ZONE-REDUNDANT",
    `${perExecution} zone_balancing_enabled does not apply; Flex zone redundancy is a setting of the app, and the senders retry while a zone recovers.`,
  );
  const site = new AzapiResource(scope, "app", {
    type: SITE_TYPE,
    name: props.name,
    // The plan's resource group: "/subscriptions/<id>/resourceGroups/<name>".
    parentId: Fn.element(Fn.split("/providers/", plan.id), 0),
    location: props.base.location,
    identity: { type: "UserAssigned", identityIds: [props.identity.id] },
    body: flexSiteBody({
      // azurerm spells the plan's id ".../serverFarms/..."; ARM returns ".../serverfarms/...".
      servicePlanId: armCasedId(plan.id),
      deploymentContainerUrl: `${props.account.primaryBlobEndpoint}${DEPLOYMENT_CONTAINER}`,
      identityId: props.identity.id,
      nodeVersion: props.nodeVersion,
      instanceMemoryMb: props.instanceMemoryInMb,
      maximumInstanceCount: props.maximumInstanceCount,
      appSettings: props.appSettings,
      inboundRules: restricted ? inboundRules(props.ingressSources, props.decisionSources) : undefined,
      virtualNetworkSubnetId: props.virtualNetworkSubnetId,
    }),
    responseExportValues: ["properties.defaultHostName"],
    tags: props.base.tags,
    retry: SITE_BUSY_RETRY,
    dependsOn: props.dependsOn,
  });
  // Settings of the site, not resources of their own: azapi_update_resource sends no DELETE on
  // destroy (AVM manages them so). One after the other, each retrying while the site is busy.
  const publishingPolicies: AzapiUpdateResource[] = [];
  for (const policy of ["scm", "ftp"]) {
    const previous = publishingPolicies.at(-1);
    publishingPolicies.push(
      new AzapiUpdateResource(scope, `${policy}-basic-auth-off`, {
        type: PUBLISHING_POLICY_TYPE,
        resourceId: `${site.id}/basicPublishingCredentialsPolicies/${policy}`,
        body: basicPublishingOffBody(),
        retry: SITE_BUSY_RETRY,
        dependsOn: previous ? [previous] : undefined,
      }),
    );
  }
  suppressRule(
    site,
    "DMF-FUNC-PUBLIC-ACCESS",
    "Directory Manager (on premises or elsewhere) and Power Automate (a multi-tenant service) must reach the relay over the internet. Compensating controls: function-key authorization on every endpoint but the anonymous health check, https only with TLS 1.2, basic publishing auth off and the SCM site denied, and IP/service-tag allow-lists when ingressAllowedIpRanges/decisionsAllowedSources are set.",
  );
  return { site, publishingPolicies };
}
