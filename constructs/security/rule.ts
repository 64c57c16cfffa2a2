/**
 * The shape of a security rule: a small pure function over one element of the synthesized
 * Terraform JSON (a resource, data source, output, provider, variable or locals block), returning
 * compliant, non-compliant, not applicable, or unknown (the value it needs is an unresolved
 * reference, so the rule can neither pass nor fail it at synth).
 */

/** What a finding does to synth: an error fails it, a warning is annotated. */
export type RuleSeverity = "error" | "warning";

/** The kinds of element in the synthesized JSON a rule can look at. */
export type ElementKind = "resource" | "data" | "output" | "provider" | "variable" | "locals" | "backend";

/** One element of the synthesized JSON, with everything a rule may read about it. */
export interface SynthesizedElement {
  readonly kind: ElementKind;
  /** Terraform type, e.g. "azurerm_key_vault"; "output", "variable" or "locals" for those kinds. */
  readonly type: string;
  /** Logical id (resource name, output name, provider index). */
  readonly name: string;
  /** Terraform address, e.g. "azurerm_key_vault.kv_1234", "output.client_id", "provider.azurerm[0]", "terraform.backend.azurerm". */
  readonly address: string;
  /** The resolved configuration as synthesized (snake_case, overrides applied, `//` removed). */
  readonly config: Readonly<Record<string, unknown>>;
  /** Construct path, when the element came from a construct. */
  readonly path?: string;
  /**
   * Whether the resource type takes a key/value `tags` map (known from its binding).
   * @default - unknown: decided by the presence of `tags` in the config
   */
  readonly takesTags?: boolean;
  /** `dmflow:*` metadata of the construct and its ancestors, e.g. "dmflow:clientSecretLifetimeDays". */
  readonly metadata?: Readonly<Record<string, unknown>>;
}

/** Read-only view of the rest of the synthesized stack, for rules that follow a reference. */
export interface RuleContext {
  /** The element at a Terraform address ("azurerm_storage_account.x", "data.azuread_service_principal.y", "var.z"). */
  find(address: string): SynthesizedElement | undefined;
  /** Every element of one kind and type, e.g. ("resource", "azurerm_storage_account_queue_properties"). */
  ofType(kind: ElementKind, type: string): readonly SynthesizedElement[];
  /** The pack's resolved options. */
  readonly options: ResolvedRuleOptions;
}

/** The options rules read; see SecurityRulesOptions for each one's meaning and default. */
export interface ResolvedRuleOptions {
  readonly requiredTags?: Readonly<Record<string, string | undefined>>;
  readonly geoRedundantReplicationTypes: readonly string[];
  /** Allowed delegated scopes by resource API client id. */
  readonly allowedDelegatedScopes: Readonly<Record<string, readonly string[]>>;
  /** Allowed application roles (app permissions) by resource API client id. */
  readonly allowedApplicationRoles: Readonly<Record<string, readonly string[]>>;
  readonly maxClientSecretLifetimeDays: number;
  /** Synth time, for literal end dates. */
  readonly now: Date;
}

export type RuleOutcome =
  | { readonly status: "compliant" }
  | { readonly status: "not-applicable" }
  | {
      readonly status: "non-compliant";
      readonly problem: string;
      /**
       * The mirrored Checkov/Trivy ids that fail this element by the scanner's own logic (a subset
       * of the rule's `mirrors`). @default - every Checkov/Trivy id the rule mirrors
       */
      readonly reportedBy?: readonly string[];
    }
  | { readonly status: "unknown"; readonly problem: string };

/** A rule of the pack. */
export interface SecurityRule {
  /** Our id, `DMF-<SERVICE>-<CHECK>`. */
  readonly id: string;
  /**
   * Public rule ids it mirrors (Checkov, Trivy/tfsec, AVM); empty when no scanner has one. The
   * rule is non-compliant whenever one of these Checkov/Trivy checks fails the element (read with
   * the scanner's own defaults), and its finding names which of them do (`reportedBy`).
   */
  readonly mirrors: readonly string[];
  /** Where the pack is deliberately stricter or looser than a related scanner check: id → how. */
  readonly differs?: Readonly<Record<string, string>>;
  /** What it checks, in one sentence (a column of the table in docs/security-rules.md). */
  readonly description: string;
  /** Severity when the stack does not override it. */
  readonly severity: RuleSeverity;
  /** How to fix a finding, in one or two sentences. */
  readonly fix: string;
  /** Element kinds it looks at. @default ["resource"] */
  readonly kinds?: readonly ElementKind[];
  /** Terraform types it looks at, or "*" for every element of its kinds. */
  readonly types: readonly string[] | "*";
  readonly check: (element: SynthesizedElement, context: RuleContext) => RuleOutcome;
}

export const compliant = (): RuleOutcome => ({ status: "compliant" });
export const notApplicable = (): RuleOutcome => ({ status: "not-applicable" });
export const nonCompliant = (problem: string, reportedBy?: readonly string[]): RuleOutcome =>
  reportedBy === undefined ? { status: "non-compliant", problem } : { status: "non-compliant", problem, reportedBy };

/** Checkov and Trivy ids (the ids a scanner reports), as opposed to AVM defaults. */
export const isScannerId = (id: string): boolean => /^(CKV2?_AZURE_\d+|AVD-AZU-\d{4})$/.test(id);
export const unknown = (problem: string): RuleOutcome => ({ status: "unknown", problem });
