/**
 * Entra app registration hygiene: redirect and identifier URIs, implicit grant, credential type.
 * No scanner reads azuread_* resources, so these rules are the only guard there and name no
 * scanner id. Tenant-wide settings (user consent off, the admin consent workflow on) are not in
 * the stack: docs/security-rules.md lists them as prerequisites.
 */
import { compliant, nonCompliant, type SecurityRule } from "../rule";
import { blockList, isUnresolved, knownOnlyAtPlan, quoted, valueAt, verdict } from "./checks";

const APPLICATION = ["azuread_application"];

/** Redirect URIs of every platform block: web, single-page app, public (native) client. */
function redirectUris(config: Readonly<Record<string, unknown>>): { platform: string; uri: unknown }[] {
  return ["web", "single_page_application", "public_client"].flatMap((platform) =>
    blockList(valueAt(config, `${platform}.redirect_uris`)).map((uri) => ({ platform, uri })),
  );
}

/** Loopback addresses a native client may use over http (Entra allows any port there). */
const LOOPBACK = /^http:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d+)?(\/|$)/i;

export const ENTRA_HYGIENE_RULES: readonly SecurityRule[] = [
  {
    id: "DMF-ENTRA-REDIRECT-URIS",
    mirrors: [],
    description: "Entra app redirect URIs use https (http only to loopback for a public client) and no wildcard.",
    severity: "error",
    fix: "Use exact https redirect URIs on a domain you control; remove wildcards and plain-http URIs.",
    types: APPLICATION,
    check: (e) => {
      const uris = redirectUris(e.config);
      const unresolved = uris.find((u) => isUnresolved(u.uri));
      if (unresolved) return knownOnlyAtPlan(`${unresolved.platform}.redirect_uris`, unresolved.uri, "holds");
      return verdict(
        uris.map(({ platform, uri }) => {
          const text = String(uri);
          if (text.includes("*"))
            return { problem: `${platform}.redirect_uris has a wildcard: ${quoted(text)}`, reportedBy: [] };
          const https =
            /^https:\/\//i.test(text) ||
            (platform === "public_client" && (LOOPBACK.test(text) || !/^https?:/i.test(text)));
          return !https && { problem: `${platform}.redirect_uris has ${quoted(text)}, not https`, reportedBy: [] };
        }),
      );
    },
  },
  {
    id: "DMF-ENTRA-IMPLICIT-GRANT-OFF",
    mirrors: [],
    description:
      "Entra app issues no tokens through the implicit grant (`web.implicit_grant` access and ID token issuance off, the default).",
    severity: "error",
    fix: "Set web.implicitGrant accessTokenIssuanceEnabled and idTokenIssuanceEnabled to false (or leave them out); use the authorization code flow.",
    types: APPLICATION,
    check: (e) => {
      const settings = ["access_token_issuance_enabled", "id_token_issuance_enabled"].map(
        (key) => [key, valueAt(e.config, `web.implicit_grant.${key}`)] as const,
      );
      const unresolved = settings.find(([, v]) => isUnresolved(v));
      if (unresolved) return knownOnlyAtPlan(`web.implicit_grant.${unresolved[0]}`, unresolved[1]);
      return verdict(
        settings.map(
          ([key, v]) =>
            (v === true || v === "true") && { problem: `web.implicit_grant.${key} is true`, reportedBy: [] },
        ),
      );
    },
  },
  {
    id: "DMF-ENTRA-IDENTIFIER-URIS",
    mirrors: [],
    description: "Entra app identifier URIs are `api://` or https URIs without wildcards.",
    severity: "error",
    fix: 'Use identifierUris like "api://<client id>" or an https URI on a verified domain of the tenant.',
    types: APPLICATION,
    check: (e) => {
      const uris = blockList(e.config.identifier_uris);
      if (isUnresolved(e.config.identifier_uris)) return knownOnlyAtPlan("identifier_uris", e.config.identifier_uris);
      if (uris.length === 0) return compliant();
      return verdict(
        uris.map((uri) => {
          if (isUnresolved(uri)) return false; // api://${client_id} and the like: the scheme is what matters
          const text = String(uri);
          return (
            (text.includes("*") || !/^(api|https):\/\//i.test(text)) && {
              problem: `identifier_uris has ${quoted(text)}`,
              reportedBy: [],
            }
          );
        }),
      );
    },
  },
  {
    id: "DMF-ENTRA-CREDENTIAL-TYPE",
    mirrors: [],
    description:
      "Entra app authenticates with a certificate or a federated identity credential, not a client secret (`azuread_application_password`, `azuread_service_principal_password`, inline `password`).",
    severity: "error",
    fix:
      "Use azuread_application_certificate or azuread_application_federated_identity_credential; where the client only " +
      "accepts a secret, suppress the rule with that reason and keep the secret short-lived, rotated and in Key Vault.",
    types: [...APPLICATION, "azuread_application_password", "azuread_service_principal_password"],
    check: (e) => {
      const secret =
        "a client secret is a shared secret that works from anywhere for whoever holds it; a certificate or federated credential does not travel";
      if (e.type !== "azuread_application") return nonCompliant(`it is a client secret: ${secret}`);
      if (isUnresolved(e.config.password)) return knownOnlyAtPlan("password", e.config.password);
      return blockList(e.config.password).length === 0
        ? compliant()
        : nonCompliant(`it has an inline password: ${secret}`);
    },
  },
];
