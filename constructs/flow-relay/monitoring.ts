import type { Construct } from "../providers/cdktf";
import { ApplicationInsights, LogAnalyticsWorkspace, type RoleAssignment } from "../providers/azurerm";
import { grantIdentityRole } from "./identity";

export interface RelayMonitoringProps {
  readonly base: {
    readonly resourceGroupName: string;
    readonly location: string;
    readonly tags: Record<string, string>;
  };
  readonly workspaceName: string;
  readonly insightsName: string;
  readonly logRetentionDays: number;
  /** The relay's user-assigned identity, which sends the telemetry. */
  readonly principalId: string;
}

export interface RelayMonitoring {
  readonly workspace: LogAnalyticsWorkspace;
  readonly insights: ApplicationInsights;
  /** The identity's right to send telemetry; the app must start after it. */
  readonly publisherRole: RoleAssignment;
}

/** Workspace-based Application Insights that accepts only Entra-authenticated telemetry. */
export function createRelayMonitoring(scope: Construct, props: RelayMonitoringProps): RelayMonitoring {
  const workspace = new LogAnalyticsWorkspace(scope, "logs", {
    ...props.base,
    name: props.workspaceName,
    sku: "PerGB2018",
    retentionInDays: props.logRetentionDays,
  });
  const insights = new ApplicationInsights(scope, "insights", {
    ...props.base,
    name: props.insightsName,
    applicationType: "Node.JS",
    workspaceId: workspace.id,
    // Entra-only ingestion: the connection string alone cannot send telemetry.
    localAuthenticationDisabled: true,
  });
  const publisherRole = grantIdentityRole(scope, props.principalId, {
    id: "insights-metrics-publisher",
    role: "Monitoring Metrics Publisher",
    scope: insights.id,
    description: "Entra-authenticated telemetry ingestion (local auth is disabled)",
  });
  return { workspace, insights, publisherRole };
}
