import { describeRuleCases, resource, status } from "../support";

const app = (config: Record<string, unknown> = {}) =>
  resource("azuread_application", { display_name: "a", sign_in_audience: "AzureADMyOrg", ...config }, "app");
const storage = resource("azurerm_storage_account", { name: "x" });

describeRuleCases(
  [
    [
      "DMF-ENTRA-REDIRECT-URIS",
      "plain http on web",
      app({ web: { redirect_uris: ["http://dm.example.com/callback"] } }),
      app({ web: { redirect_uris: ["https://dm.example.com/callback"] } }),
      /not https/,
    ],
    [
      "DMF-ENTRA-REDIRECT-URIS",
      "a wildcard",
      app({ single_page_application: { redirect_uris: ["https://*.example.com/"] } }),
      app(),
      /wildcard/,
    ],
    [
      "DMF-ENTRA-IMPLICIT-GRANT-OFF",
      "ID tokens by implicit grant",
      app({ web: { implicit_grant: { id_token_issuance_enabled: true } } }),
      app({ web: { implicit_grant: { id_token_issuance_enabled: false } } }),
      /id_token_issuance_enabled is true/,
    ],
    [
      "DMF-ENTRA-IDENTIFIER-URIS",
      "an http identifier",
      app({ identifier_uris: ["http://dm.example.com"] }),
      app({ identifier_uris: ["api://dm-flow"] }),
      /identifier_uris has "http:\/\/dm.example.com"/,
    ],
    [
      "DMF-ENTRA-CREDENTIAL-TYPE",
      "an application password",
      resource("azuread_application_password", { application_id: "${azuread_application.app.id}" }, "pw"),
      app(),
      /it is a client secret/,
    ],
    [
      "DMF-ENTRA-CREDENTIAL-TYPE",
      "an inline password",
      app({ password: { display_name: "x" } }),
      app(),
      /it has an inline password/,
    ],
  ],
  storage,
);

describe("Entra hygiene details", () => {
  test("a public client may redirect to loopback over http, a web app may not", () => {
    expect(
      status("DMF-ENTRA-REDIRECT-URIS", app({ public_client: { redirect_uris: ["http://localhost:8400/"] } })),
    ).toBe("compliant");
    expect(status("DMF-ENTRA-REDIRECT-URIS", app({ web: { redirect_uris: ["http://localhost:8400/"] } }))).toBe(
      "non-compliant",
    );
  });
  test("omitted settings pass (no redirect URIs, implicit grant off by default, no identifier URIs)", () => {
    for (const id of ["DMF-ENTRA-REDIRECT-URIS", "DMF-ENTRA-IMPLICIT-GRANT-OFF", "DMF-ENTRA-IDENTIFIER-URIS"])
      expect([id, status(id, app())]).toEqual([id, "compliant"]);
  });
  test("values known only at plan are unknown", () => {
    expect(status("DMF-ENTRA-REDIRECT-URIS", app({ web: { redirect_uris: ["${var.callback}"] } }))).toBe("unknown");
    expect(
      status(
        "DMF-ENTRA-IMPLICIT-GRANT-OFF",
        app({ web: { implicit_grant: { access_token_issuance_enabled: "${var.implicit}" } } }),
      ),
    ).toBe("unknown");
  });
});

describe("DMF-ENTRA-CREDENTIAL-TYPE", () => {
  test("an app with no inline password (left out) passes; separate credentials are judged on their own, certificates and federated credentials not at all", () => {
    expect(status("DMF-ENTRA-CREDENTIAL-TYPE", app())).toBe("compliant");
    expect(
      status(
        "DMF-ENTRA-CREDENTIAL-TYPE",
        resource("azuread_application_certificate", { application_id: "${azuread_application.app.id}" }),
      ),
    ).toBe("not-applicable");
    expect(
      status(
        "DMF-ENTRA-CREDENTIAL-TYPE",
        resource("azuread_service_principal_password", { service_principal_id: "${azuread_service_principal.sp.id}" }),
      ),
    ).toBe("non-compliant");
    expect(
      status(
        "DMF-ENTRA-CREDENTIAL-TYPE",
        resource("azuread_application_federated_identity_credential", {
          application_id: "${azuread_application.app.id}",
        }),
      ),
    ).toBe("not-applicable");
  });
  test("inline passwords known only at plan are unknown", () => {
    expect(status("DMF-ENTRA-CREDENTIAL-TYPE", app({ password: "${var.passwords}" }))).toBe("unknown");
  });
});
