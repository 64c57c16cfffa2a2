import { Construct, Fn, Token } from "./providers/cdktf";
import { checkProvidersDeclared } from "./providers-declared";
import {
  Application,
  ApplicationPassword,
  DataAzureadClientConfig,
  DataAzureadServicePrincipal,
  ServicePrincipal,
  ServicePrincipalDelegatedPermissionGrant,
} from "./providers/azuread";
import { Rotating } from "./providers/time";
import {
  DEFAULT_DELEGATED_PERMISSIONS,
  type DelegatedPermissions,
  isWriteScope,
  RESOURCE_APIS,
  type ResourceApiName,
  validateDelegatedPermissions,
} from "./resource-apis";
import { type KeyVaultRef, addVaultSecret } from "./key-vault-ref";
import { GUID } from "../contract/patterns";
import { MAX_CLIENT_SECRET_LIFETIME_DAYS } from "./client-secret-lifetime";
import { SETTING_BOUNDS, boundedProp } from "./settings-bounds";
import { PropChecks } from "./validation";
import { claimName } from "./naming/name-claims";
import { suppressRule } from "./security/suppress";

export { MAX_CLIENT_SECRET_LIFETIME_DAYS };

export interface DirectoryManagerAppProps {
  /**
   * The app registration's display name; the tenant refuses a second app of the same name
   * (`prevent_duplicate_names`), and two apps of one stack with the same name fail at synth.
   * @default "Netwrix Directory Manager (<this construct's path>)"
   */
  readonly displayName?: string;
  /**
   * Object ids of extra owners, besides the deploying principal. Put the pipeline's deploy
   * identity here: an apply by anyone else then keeps it an owner, and with
   * `Application.ReadWrite.OwnedBy` the pipeline can only manage apps it owns.
   * @default []
   */
  readonly ownerObjectIds?: string[];
  /**
   * Let only assigned users and groups sign in to the app (`app_role_assignment_required`), so
   * nobody else in the tenant can get a token for it. An administrator then assigns the accounts
   * that sign in to Power Automate through Directory Manager (Enterprise applications, Users and
   * groups): that needs AppRoleAssignment.ReadWrite.All or an admin role, which the pipeline's
   * identity does not get, since it could grant itself any permission.
   * @default false - anyone in the tenant can sign in (DMF-ENTRA-ASSIGNMENT-REQUIRED is accepted, with that reason)
   */
  readonly signInRequiresAssignment?: boolean;
  /**
   * Delegated scopes per resource API, by name; ids are looked up at plan time.
   * @default DEFAULT_DELEGATED_PERMISSIONS (Flow Service, Dynamics CRM user_impersonation, Graph User.Read)
   */
  readonly delegatedPermissions?: DelegatedPermissions;
  /**
   * Grant tenant-wide admin consent for the delegated scopes (one grant per resource API).
   * The deploying identity then needs a privileged role (see docs/deploying.md).
   * @default true
   */
  readonly adminConsent?: boolean;
  /**
   * Your review of tenant-wide consent to write scopes beyond the default set (e.g. Flows.Write.Plans):
   * who approved it and why. It is recorded as the reason of the DMF-ENTRA-MANAGE-CONSENT
   * suppression on those grants; the default set's write scopes carry the package's own review.
   * @default - none: admin consent to another write scope fails synth
   */
  readonly adminConsentReview?: string;
  /**
   * Create the Flow Service principal when the tenant lacks it (`use_existing`, never destroyed).
   * @default false - look it up; plan fails if the tenant lacks it
   */
  readonly createMissingFlowServicePrincipal?: boolean;
  /** Days the client secret is valid, 1-365. @default 180 */
  readonly clientSecretLifetimeDays?: number;
  /** Days after which the next apply replaces the secret; below the lifetime. @default lifetime - 30 (at least 1) */
  readonly clientSecretRotateAfterDays?: number;
  /**
   * The vault that receives the client secret: a SecureKeyVault, or your own `azurerm_key_vault`
   * resource or data source (anything with its id, name and URI); it is used as given, never looked up.
   */
  readonly keyVault: KeyVaultRef;
  /** Tags on the Key Vault secret, over a SecureKeyVault's own. @default {} */
  readonly secretTags?: Record<string, string>;
  /** Name of the Key Vault secret. @default "directory-manager-client-secret" */
  readonly clientSecretName?: string;
}

/** Why tenant-wide consent to the default set's write scopes is accepted (DMF-ENTRA-MANAGE-CONSENT). */
const REVIEWED_CONSENT =
  "Reviewed for Directory Manager: it starts approval flows and records their outcomes in Power Automate (Flows.Manage.All, Approvals.Manage.All) " +
  "and reaches the flow environment's Dataverse (user_impersonation) for the users it acts for; the scopes are delegated, so the app never holds " +
  "more than the signed-in user's own rights, and user consent stays off in the tenant (docs/security-rules.md).";

/**
 * The Entra app registration Directory Manager uses to reach Power Automate (step 1 of the
 * vendor's article): single-tenant app with delegated scopes on the first-party APIs, its service
 * principal, optional admin consent, and a short-lived client secret written straight to Key Vault.
 */
export class DirectoryManagerApp extends Construct {
  /** Application (client) id: Directory Manager's "ClientID". */
  public readonly clientId: string;
  /** Object id of the app registration. */
  public readonly applicationObjectId: string;
  /** Object id of the app's service principal. */
  public readonly servicePrincipalObjectId: string;
  /** Tenant the app is registered in. */
  public readonly tenantId: string;
  /** Versionless id of the Key Vault secret that holds the client secret. */
  public readonly clientSecretKeyVaultSecretId: string;
  /** The delegated scopes the app is configured with, by resource application (client) id. */
  public readonly delegatedScopes: Readonly<Record<string, readonly string[]>>;
  public readonly application: Application;
  public readonly servicePrincipal: ServicePrincipal;
  public readonly password: ApplicationPassword;

  constructor(scope: Construct, id: string, props: DirectoryManagerAppProps) {
    super(scope, id);
    checkProvidersDeclared(this);
    const checks = new PropChecks(this);
    const lifetime = boundedProp(
      checks,
      "clientSecretLifetimeDays",
      props.clientSecretLifetimeDays,
      SETTING_BOUNDS.clientSecretLifetimeDays,
      { knownAtSynthBecause: "it sets the secret's end date and rotation" },
    );
    // Rotation comes before expiry: lifetime - 30 days by default (at least one day); a secret that
    // lives one day has no whole day below its lifetime, so it is rotated after 12 hours.
    if (lifetime === 1 && props.clientSecretRotateAfterDays !== undefined) {
      checks.fail(
        "clientSecretRotateAfterDays",
        "left out when clientSecretLifetimeDays is 1 (the secret is then rotated after 12 hours)",
        props.clientSecretRotateAfterDays,
      );
    }
    const rotateAfter =
      lifetime === 1
        ? undefined
        : checks.wholeNumber(
            "clientSecretRotateAfterDays",
            props.clientSecretRotateAfterDays ?? Math.max(1, lifetime - 30),
            1,
            lifetime - 1,
          );
    const permissions = props.delegatedPermissions ?? DEFAULT_DELEGATED_PERMISSIONS;
    validateDelegatedPermissions(permissions as Record<string, readonly string[]>, checks, "delegatedPermissions");
    (props.ownerObjectIds ?? []).forEach((owner, i) =>
      checks.matches(`ownerObjectIds[${i}]`, owner, GUID, "an object id (GUID)"),
    );
    if (props.adminConsentReview !== undefined && props.adminConsentReview.trim().length < 10) {
      checks.fail(
        "adminConsentReview",
        "a written review of at least 10 characters (who approved the consent, and why)",
        props.adminConsentReview,
      );
    }

    const displayName = props.displayName ?? `Netwrix Directory Manager (${this.node.path})`;
    claimName(this, { prop: "displayName", kind: "app registration", name: displayName, scope: "stack" });

    const deployer = new DataAzureadClientConfig(this, "deployer");
    const owners = [deployer.objectId, ...(props.ownerObjectIds ?? [])];
    const apis = (Object.keys(permissions) as ResourceApiName[]).filter((api) => (permissions[api] ?? []).length > 0);

    // First-party principals are looked up, never owned: destroying this stack must not delete
    // Microsoft Graph's or the Flow Service's principal from the tenant.
    const resourcePrincipals = new Map<ResourceApiName, DataAzureadServicePrincipal | ServicePrincipal>();
    for (const api of apis) {
      const clientId = RESOURCE_APIS[api].clientId;
      if (api === "flowService" && props.createMissingFlowServicePrincipal) {
        resourcePrincipals.set(
          api,
          new ServicePrincipal(this, "flow-service-principal", {
            clientId,
            useExisting: true,
            lifecycle: { preventDestroy: true },
          }),
        );
      } else {
        resourcePrincipals.set(api, new DataAzureadServicePrincipal(this, `${api}-principal`, { clientId }));
      }
    }

    this.application = new Application(this, "application", {
      displayName,
      signInAudience: "AzureADMyOrg",
      owners,
      preventDuplicateNames: true,
      requiredResourceAccess: apis.map((api) => {
        const principal = resourcePrincipals.get(api)!;
        return {
          resourceAppId: principal.clientId,
          resourceAccess: (permissions[api] ?? []).map((scope) => ({
            id: principal.oauth2PermissionScopeIds.lookup(scope),
            type: "Scope",
          })),
        };
      }),
    });

    this.servicePrincipal = new ServicePrincipal(this, "service-principal", {
      clientId: this.application.clientId,
      owners,
      appRoleAssignmentRequired: props.signInRequiresAssignment ?? false,
    });
    if (!props.signInRequiresAssignment) {
      suppressRule(
        this.servicePrincipal,
        "DMF-ENTRA-ASSIGNMENT-REQUIRED",
        "Who signs in to Power Automate through Directory Manager is chosen in Directory Manager after the deploy, and assigning them needs a right the pipeline must not hold; " +
          "the app is single tenant and its scopes are delegated (a user gets no more than their own rights). signInRequiresAssignment turns assignment on once an administrator assigns those accounts.",
      );
    }

    if (props.adminConsent ?? true) {
      for (const api of apis) {
        const grant = new ServicePrincipalDelegatedPermissionGrant(this, `${api}-consent`, {
          servicePrincipalObjectId: this.servicePrincipal.objectId,
          resourceServicePrincipalObjectId: resourcePrincipals.get(api)!.objectId,
          claimValues: [...(permissions[api] ?? [])],
        });
        // The default set's write scopes were reviewed for this workload; any other needs the consumer's own review.
        const reviewed: readonly string[] = DEFAULT_DELEGATED_PERMISSIONS[api] ?? [];
        const writes = (permissions[api] ?? []).filter(isWriteScope);
        const review = writes.every((scope) => reviewed.includes(scope)) ? REVIEWED_CONSENT : props.adminConsentReview;
        if (writes.length > 0 && review !== undefined) suppressRule(grant, "DMF-ENTRA-MANAGE-CONSENT", review);
      }
    }

    // The secret is replaced when the rotation timestamp moves (every rotateAfter days, at the
    // next apply) and expires `lifetime` days after it was made.
    const rotation = new Rotating(
      this,
      "client-secret-rotation",
      rotateAfter === undefined ? { rotationHours: 12 } : { rotationDays: rotateAfter },
    );
    this.password = new ApplicationPassword(this, "client-secret", {
      applicationId: this.application.id,
      displayName: "Directory Manager (managed by Terraform)",
      endDate: Fn.timeadd(rotation.rfc3339, `${lifetime * 24}h`),
      rotateWhenChanged: { rotation: rotation.id },
      // On rotation the new secret (and its Key Vault copy) exists before the old one is deleted.
      lifecycle: { createBeforeDestroy: true },
    });
    suppressRule(
      this.password,
      "DMF-ENTRA-CREDENTIAL-TYPE",
      "Directory Manager 11.1's Power Automate settings take a client secret only (tenant id, client id, client secret); " +
        "it lives at most clientSecretLifetimeDays, is replaced before it expires, and is written only to Key Vault, never to an output.",
    );
    // The password's value stays in this resource's state (azuread 3.7 has no write-only or
    // ephemeral password); the vault copy is written write-only, once per password: its version
    // comes from the password's own key id, so any replacement (a rotation, or a lifetime change,
    // end_date being ForceNew) writes the new value; a timer would miss the latter.
    const secret = addVaultSecret(this, "client-secret", props.keyVault, {
      name: props.clientSecretName ?? "directory-manager-client-secret",
      value: this.password.value,
      valueVersion: passwordVersion(this.password.keyId),
      contentType: "application/x-entra-client-secret",
      expirationDate: this.password.endDate,
      tags: props.secretTags,
    });
    // Record the lifetime for the security rules: the end date itself is only known at apply.
    this.node.addMetadata("dmflow:clientSecretLifetimeDays", lifetime);

    this.clientId = this.application.clientId;
    this.applicationObjectId = this.application.objectId;
    this.servicePrincipalObjectId = this.servicePrincipal.objectId;
    this.tenantId = deployer.tenantId;
    this.clientSecretKeyVaultSecretId = secret.versionlessId;
    this.delegatedScopes = Object.fromEntries(
      apis.map((api) => [RESOURCE_APIS[api].clientId, [...(permissions[api] ?? [])]]),
    );
  }
}

/**
 * A whole number that changes whenever the password is replaced: the first 8 hex digits of the
 * SHA-1 of its key id (the GUID Entra ID gives each new password), read as a number. Hashed, so it
 * parses whatever the id's form.
 */
function passwordVersion(keyId: string): number {
  return Token.asNumber(Fn.parseint(Fn.substr(Fn.sha1(keyId), 0, 8), 16));
}
