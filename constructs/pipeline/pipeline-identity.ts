import { Construct } from "../providers/cdktf";
import { RoleAssignment } from "../providers/azurerm";
import {
  AppRoleAssignment,
  Application,
  ApplicationFederatedIdentityCredential,
  type DataAzureadServicePrincipal,
  ServicePrincipal,
} from "../providers/azuread";

/** Audience of every workload identity federation token exchanged with Entra ID. */
const TOKEN_EXCHANGE_AUDIENCE = "api://AzureADTokenExchange";

/** One subject a pipeline's token may carry to sign in as an identity. */
export interface FederatedSubject {
  /** Short id, unique per identity: the credential's display name. */
  readonly id: string;
  /** Token issuer (GitHub Actions or the Azure DevOps organization). */
  readonly issuer: string;
  /** The token's `sub` claim, e.g. "repo:contoso/dmflow:environment:prod". */
  readonly subject: string;
  readonly description: string;
}

/** One right an identity holds, with why; docs/pipeline.md lists the same. */
export interface PipelineGrant {
  /** The identity's name: "plan" or "deploy <environment>". */
  readonly identity: string;
  readonly role: string;
  readonly scope: string;
  readonly why: string;
}

export interface PipelineIdentityProps {
  /** The identity's name in grants and docs: "plan" or "deploy <environment>". */
  readonly name: string;
  /** Display name of its app registration. */
  readonly displayName: string;
  /** Object ids of the app registration's owners. */
  readonly owners: string[];
  /** The only subjects that may sign in as this identity. */
  readonly subjects: FederatedSubject[];
  /** Microsoft Graph's service principal, for application permissions. */
  readonly graph: DataAzureadServicePrincipal;
}

/**
 * One identity a pipeline signs in as, for one trust level: an app registration with federated
 * credentials only (never a password), its service principal, and the roles it is granted here.
 */
export class PipelineIdentity extends Construct {
  public readonly name: string;
  /** ARM_CLIENT_ID of this identity. */
  public readonly clientId: string;
  public readonly servicePrincipalObjectId: string;
  public readonly application: Application;
  /** Subjects allowed to sign in as this identity. */
  public readonly federatedSubjects: string[];
  /** Every right this identity holds, and why. */
  public readonly grants: PipelineGrant[] = [];
  /** The Microsoft Graph application permissions this identity holds. */
  public readonly graphPermissions: string[] = [];
  private readonly graph: DataAzureadServicePrincipal;

  constructor(scope: Construct, id: string, props: PipelineIdentityProps) {
    super(scope, id);
    this.name = props.name;
    this.graph = props.graph;
    this.application = new Application(this, "application", {
      displayName: props.displayName,
      signInAudience: "AzureADMyOrg",
      owners: props.owners,
      preventDuplicateNames: true,
    });
    // No user signs in as a pipeline identity: requiring assignment (with none made) keeps every user out.
    const servicePrincipal = new ServicePrincipal(this, "service-principal", {
      clientId: this.application.clientId,
      owners: props.owners,
      appRoleAssignmentRequired: true,
    });
    this.clientId = this.application.clientId;
    this.servicePrincipalObjectId = servicePrincipal.objectId;
    this.federatedSubjects = props.subjects.map((s) => s.subject);
    for (const subject of props.subjects) {
      new ApplicationFederatedIdentityCredential(this, `federated-${subject.id}`, {
        applicationId: this.application.id,
        displayName: subject.id,
        description: subject.description,
        audiences: [TOKEN_EXCHANGE_AUDIENCE],
        issuer: subject.issuer,
        subject: subject.subject,
      });
    }
  }

  /** Assigns an Azure role at a scope; `condition` is an ABAC condition (version 2.0). */
  public grantRole(id: string, role: string, scope: string, scopeLabel: string, why: string, condition?: string): void {
    new RoleAssignment(this, id, {
      scope,
      roleDefinitionName: role,
      principalId: this.servicePrincipalObjectId,
      principalType: "ServicePrincipal",
      description: why,
      condition,
      conditionVersion: condition ? "2.0" : undefined,
    });
    this.grants.push({ identity: this.name, role, scope: scopeLabel, why });
  }

  /** Grants a Microsoft Graph application permission (admin consent for this identity). */
  public grantGraph(permission: string, why: string): void {
    new AppRoleAssignment(this, `graph-${permission}`, {
      appRoleId: this.graph.appRoleIds.lookup(permission),
      principalObjectId: this.servicePrincipalObjectId,
      resourceObjectId: this.graph.objectId,
    });
    this.graphPermissions.push(permission);
    this.grants.push({
      identity: this.name,
      role: `Microsoft Graph ${permission} (application)`,
      scope: "tenant",
      why,
    });
  }
}
