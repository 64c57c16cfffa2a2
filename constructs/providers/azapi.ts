// The only file that binds the Azure/azapi provider. No prebuilt cdktf binding for azapi exists,
// so this is a hand-written one with just the arguments the package uses; the names are azapi's
// own (docs/resources/resource.md and resource_action.md at the pinned tag), checked by a test.
import { Token, TerraformProvider, TerraformResource } from "cdktf";
import type { TerraformMetaArguments } from "cdktf";
import type { Construct } from "constructs";

/** The one azapi release the bodies, arguments and plan behaviour were checked against. */
export const AZAPI_PROVIDER_VERSION = "2.12.0";
const metadata = {
  providerName: "azapi",
  providerVersion: AZAPI_PROVIDER_VERSION,
  providerVersionConstraint: AZAPI_PROVIDER_VERSION,
};

/** An ARM request body: the JSON object azapi sends (`properties`, `kind`, …), never a string. */
export type ArmBody = { readonly [key: string]: unknown };

/** Retries on errors whose message matches (azapi's `retry` attribute). */
export interface AzapiRetry {
  /** Regular expressions (Go syntax) matched against the error message. */
  readonly errorMessageRegex: readonly string[];
  /** First wait between retries in seconds, 1-120. @default 10 (azapi's default) */
  readonly intervalSeconds?: number;
  /** Longest wait between retries in seconds, 1-300. @default 180 (azapi's default) */
  readonly maxIntervalSeconds?: number;
}

export interface AzapiProviderConfig {
  /** Subscription the resources live in. @default - ARM_SUBSCRIPTION_ID */
  readonly subscriptionId?: string;
  /** Entra tenant of the deploying identity. @default - ARM_TENANT_ID */
  readonly tenantId?: string;
}

/** The `azapi` provider block; credentials come from the same ARM_* variables as azurerm's. */
export class AzapiProvider extends TerraformProvider {
  private readonly config: AzapiProviderConfig;

  constructor(scope: Construct, id: string, config: AzapiProviderConfig = {}) {
    super(scope, id, {
      terraformResourceType: "azapi",
      terraformGeneratorMetadata: metadata,
      terraformProviderSource: "Azure/azapi",
    });
    this.config = config;
  }

  protected synthesizeAttributes(): Record<string, unknown> {
    return { subscription_id: this.config.subscriptionId, tenant_id: this.config.tenantId };
  }
}

export interface AzapiResourceConfig extends TerraformMetaArguments {
  /** `<resource type>@<api version>`, e.g. "Microsoft.Web/sites@2024-11-01". */
  readonly type: string;
  /** The resource's name (a change replaces the resource). */
  readonly name: string;
  /** Id of the resource group, or of the parent resource for a child type. */
  readonly parentId: string;
  /** Azure region, for types that have one. */
  readonly location?: string;
  /** Managed identity of the resource. */
  readonly identity?: {
    readonly type: "SystemAssigned" | "UserAssigned" | "SystemAssigned, UserAssigned" | "None";
    readonly identityIds?: readonly string[];
  };
  /** The ARM request body (without name, location, identity and tags, which are arguments). */
  readonly body: ArmBody;
  /** Response paths exported under `output`, e.g. ["properties.defaultHostName"]. */
  readonly responseExportValues?: readonly string[];
  /** Tags, for types that take tags. */
  readonly tags?: Record<string, string>;
  readonly retry?: AzapiRetry;
}

/** `azapi_resource`: one ARM resource, created, read and updated with its full body. */
export class AzapiResource extends TerraformResource {
  public readonly config: AzapiResourceConfig;

  constructor(scope: Construct, id: string, config: AzapiResourceConfig) {
    super(scope, id, {
      terraformResourceType: "azapi_resource",
      terraformGeneratorMetadata: metadata,
      ...metaArguments(config),
    });
    this.config = config;
    // Tracked ARM resources (those with a location) take tags; child settings such as publishing
    // policies do not. The security pack's tag rule asks a binding through `tagsInput`.
    if (config.location !== undefined)
      Object.defineProperty(this, "tagsInput", { get: () => this.config.tags, enumerable: false });
  }

  /** The resource id. */
  public get id(): string {
    return this.getStringAttribute("id");
  }

  /** A string the response exported at `path` (listed in responseExportValues), e.g. "properties.defaultHostName". */
  public outputString(path: string): string {
    if (!(this.config.responseExportValues ?? []).includes(path)) {
      throw new Error(`${this.node.path}: outputString("${path}") needs "${path}" in responseExportValues`);
    }
    return Token.asString(this.interpolationForAttribute(`output.${path}`));
  }

  /** The principal id of the system-assigned identity (with identity type SystemAssigned). */
  public get identityPrincipalId(): string {
    return Token.asString(this.interpolationForAttribute("identity[0].principal_id"));
  }

  protected synthesizeAttributes(): Record<string, unknown> {
    const c = this.config;
    return {
      type: c.type,
      name: c.name,
      parent_id: c.parentId,
      location: c.location,
      identity: c.identity && [{ type: c.identity.type, identity_ids: c.identity.identityIds }],
      body: c.body,
      response_export_values: c.responseExportValues,
      tags: c.tags,
      retry: retryToTerraform(c.retry),
    };
  }

  protected synthesizeHclAttributes(): Record<string, unknown> {
    return hclNotSupported(this);
  }
}

export interface AzapiResourceActionConfig extends TerraformMetaArguments {
  /** `<resource type>@<api version>` of the resource the action runs on. */
  readonly type: string;
  /** Id of the resource the action runs on. */
  readonly resourceId: string;
  /** Path below the resource, e.g. "extensions/onedeploy". */
  readonly action: string;
  /** HTTP method. @default "POST" (azapi's default) */
  readonly method?: "POST" | "PUT" | "PATCH" | "GET" | "DELETE" | "HEAD";
  /** The request body; a change runs the action again at the next apply. */
  readonly body: ArmBody;
  readonly retry?: AzapiRetry;
}

/**
 * `azapi_resource_action`: one request to a resource, sent at create and again whenever the body
 * changes; its read never calls Azure, so it has no drift of its own.
 */
export class AzapiResourceAction extends TerraformResource {
  public readonly config: AzapiResourceActionConfig;

  constructor(scope: Construct, id: string, config: AzapiResourceActionConfig) {
    super(scope, id, {
      terraformResourceType: "azapi_resource_action",
      terraformGeneratorMetadata: metadata,
      ...metaArguments(config),
    });
    this.config = config;
  }

  protected synthesizeAttributes(): Record<string, unknown> {
    const c = this.config;
    return {
      type: c.type,
      resource_id: c.resourceId,
      action: c.action,
      method: c.method,
      body: c.body,
      retry: retryToTerraform(c.retry),
    };
  }

  protected synthesizeHclAttributes(): Record<string, unknown> {
    return hclNotSupported(this);
  }
}

export interface AzapiUpdateResourceConfig extends TerraformMetaArguments {
  /** `<resource type>@<api version>` of the resource updated. */
  readonly type: string;
  /** Id of the existing resource to update. */
  readonly resourceId: string;
  /** The properties to set (PATCH-like: azapi merges them over the resource's GET and PUTs the result). */
  readonly body: ArmBody;
  readonly retry?: AzapiRetry;
}

/**
 * `azapi_update_resource`: properties of a resource that something else creates (a setting such as
 * a site's publishing policy). Its delete only forgets it: destroy sends no DELETE.
 */
export class AzapiUpdateResource extends TerraformResource {
  public readonly config: AzapiUpdateResourceConfig;

  constructor(scope: Construct, id: string, config: AzapiUpdateResourceConfig) {
    super(scope, id, {
      terraformResourceType: "azapi_update_resource",
      terraformGeneratorMetadata: metadata,
      ...metaArguments(config),
    });
    this.config = config;
  }

  /** The updated resource's id. */
  public get id(): string {
    return this.getStringAttribute("id");
  }

  protected synthesizeAttributes(): Record<string, unknown> {
    const c = this.config;
    return { type: c.type, resource_id: c.resourceId, body: c.body, retry: retryToTerraform(c.retry) };
  }

  protected synthesizeHclAttributes(): Record<string, unknown> {
    return hclNotSupported(this);
  }
}

function metaArguments(config: TerraformMetaArguments): TerraformMetaArguments {
  const { dependsOn, count, provider, lifecycle, forEach, provisioners, connection } = config;
  return { dependsOn, count, provider, lifecycle, forEach, provisioners, connection };
}

function retryToTerraform(retry: AzapiRetry | undefined): Record<string, unknown> | undefined {
  return (
    retry && {
      error_message_regex: retry.errorMessageRegex,
      interval_seconds: retry.intervalSeconds,
      max_interval_seconds: retry.maxIntervalSeconds,
    }
  );
}

// A resource that synthesized no attributes in HCL mode would deploy an empty body: refuse instead.
function hclNotSupported(resource: TerraformResource): never {
  throw new Error(
    `${resource.node.path}: the azapi binding synthesizes Terraform JSON only; remove "hclOutput" from cdktf.json`,
  );
}
