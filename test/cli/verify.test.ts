/** dmflow verify: all green on a finished set-up, and each check failing on its own with evidence and fix. */
import { RELAY_QUEUES, RELAY_SETTINGS } from "../../contract/relay-settings";
import { checkBlock } from "./support/check-block";
import { useCliWorld, type CliWorld, VERSION } from "./support/cli-world";

let w: CliWorld;
useCliWorld((world) => (w = world));

const DAY = 86_400_000;

describe("dmflow verify", () => {
  test("a finished set-up: every check passes, exit 0", async () => {
    const result = await w.run("verify");
    expect(result.code).toBe(0);
    expect(result.stdout.split("\n").filter((l) => /^[✓✗-] /.test(l))).toEqual([
      expect.stringMatching(
        new RegExp(
          `^✓ relay health: https://127\\.0\\.0\\.1:\\d+/api/health/details answered 200, status up, version ${VERSION.replace(/\./g, "\\.")}$`,
        ),
      ),
      "✓ relay code: deployment a1b2c3d4: status 4 (success), 2026-12-06T03:00:20.0000000Z",
      "✓ Key Vault secrets: flow-url-create-user: enabled, expires " +
        new Date(w.now + 200 * DAY).toISOString().slice(0, 10) +
        " (200 days)",
      "✓ admin consent: Microsoft Flow Service: Flows.Read.All, Flows.Manage.All, User consented for all users",
      "✓ Directory Manager settings: settings match: Organization Code, Region, Tenant ID, Proxy Callback URL",
      "✓ relay queues: flow-events: 0 waiting, 0 stuck over 30 min",
      "✓ all 6 checks passed",
    ]);
    expect(result.stderr).toMatch(/… checking relay health\n[\s\S]*… checking relay queues\n/);
    // Metadata only: verify read the Directory Manager credentials, never a flow URL.
    expect(w.vault.valuesRead.filter((n) => n.startsWith("flow-url"))).toEqual([]);
  });

  test("--json: the same report for pipelines", async () => {
    const result = await w.run("verify", "--json");
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report).toMatchObject({ command: "verify", environment: "prod", ok: true, passed: 6, failed: 0 });
    expect(report.checks.map((c: { id: string; status: string }) => `${c.id}:${c.status}`)).toEqual([
      "relay-health:pass",
      "relay-code:pass",
      "key-vault-secrets:pass",
      "admin-consent:pass",
      "directory-manager-settings:pass",
      "queues:pass",
    ]);
  });

  test("relay health fails on another version, with the fix", async () => {
    const result = await w.run("verify", "--expect-version", "2.0.0", "--json");
    expect(result.code).toBe(1);
    const check = JSON.parse(result.stdout).checks[0];
    expect(check).toMatchObject({
      id: "relay-health",
      status: "fail",
      fix: expect.stringMatching(/deploy this package's relay \(version 2\.0\.0\)/),
    });
  });

  test("relay health fails while the relay is misconfigured (503), naming the bad setting", async () => {
    w.azure.relay = w.harness.relay({ [RELAY_SETTINGS.routes]: "not json" });
    const result = await w.run("verify");
    expect(result.code).toBe(1);
    const block = checkBlock(result.stdout, "relay health");
    expect(block).toMatch(
      /^✗ relay health: https:\/\/127\.0\.0\.1:\d+\/api\/health\/details answered 503, status down\n/,
    );
    expect(block).toMatch(/RELAY_ROUTES/);
    expect(block).toMatch(/fix: fix the app settings it names/);
  });

  test("relay health fails while a decision setting is wrong, though events still flow (200 with problems)", async () => {
    const relayRoutes = {
      "create-user": { displayName: "Create User", flowUrlSetting: "FLOW_URL_CREATE_USER" },
      "delete-user": { displayName: "Delete User", flowUrlSetting: "FLOW_URL_DELETE_USER" },
    };
    w.azure.relay = w.harness.relay({
      [RELAY_SETTINGS.routes]: JSON.stringify(relayRoutes),
      FLOW_URL_DELETE_USER: w.harness.flow.url,
      [RELAY_SETTINGS.version]: VERSION,
      [RELAY_SETTINGS.decisionTokenKey]: "too-short",
    });
    const result = await w.run("verify");
    const block = checkBlock(result.stdout, "relay health");
    expect(block).toMatch(
      /^✗ relay health: https:\/\/127\.0\.0\.1:\d+\/api\/health\/details answered 200, status up\n/,
    );
    expect(block).toMatch(/RELAY_DECISION_TOKEN_KEY/);
    expect(block).not.toMatch(/too-short/);
  });

  test("relay health fails when the relay does not serve a route of the stack", async () => {
    w.azure.relay = w.harness.relay({ [RELAY_SETTINGS.version]: VERSION });
    const block = checkBlock((await w.run("verify")).stdout, "relay health");
    expect(block).toMatch(/not served: delete-user/);
  });

  test("Key Vault secrets fail when one expires within the window, is disabled or is missing", async () => {
    w.vault.set("flow-url-create-user", { value: "x", enabled: true, expiresOn: new Date(w.now + 10 * DAY) });
    w.vault.set("dm-api-username", { ...w.vault.secrets.get("dm-api-username")!, enabled: false });
    w.vault.secrets.delete("flow-url-delete-user");
    w.env = {
      DMFLOW_DM_USERNAME: "svc-dmflow@contoso.test",
      DMFLOW_DM_PASSWORD: "Dm-Api-Pa55word-SECRET",
      DMFLOW_DM_CLIENT_ID: "dm-api-client",
      DMFLOW_DM_CLIENT_SECRET: "dm-api-client-secret-SECRET",
    };
    const result = await w.run("verify", "--expiry-days", "30");
    expect(result.code).toBe(1);
    const block = checkBlock(result.stdout, "Key Vault secrets");
    expect(block).toMatch(
      /^✗ Key Vault secrets: flow-url-create-user: enabled, expires \d{4}-\d\d-\d\d \(10 days, under 30\)$/m,
    );
    expect(block).toMatch(/^ {4}flow-url-delete-user: missing$/m);
    expect(block).toMatch(/^ {4}dm-api-username: disabled$/m);
    expect(block).toMatch(/fix: renew flow-url-create-user, flow-url-delete-user, dm-api-username:/);
  });

  test("Key Vault secrets fail with the role to grant when the vault refuses", async () => {
    w.vault.denied = true;
    w.env = {
      DMFLOW_DM_USERNAME: "svc-dmflow@contoso.test",
      DMFLOW_DM_PASSWORD: "Dm-Api-Pa55word-SECRET",
      DMFLOW_DM_CLIENT_ID: "dm-api-client",
      DMFLOW_DM_CLIENT_SECRET: "dm-api-client-secret-SECRET",
    };
    const result = await w.run("verify");
    expect(checkBlock(result.stdout, "Key Vault secrets")).toMatch(
      /^✗ Key Vault secrets: Key Vault https:\/\/dm-prod-kv\.vault\.azure\.net\/ was refused \(403 Forbidden\); give .* Key Vault Reader/,
    );
  });

  test("admin consent fails when a configured scope is not consented for all users", async () => {
    w.azure.grants = [w.azure.grants[0], { ...w.azure.grants[1], consentType: "Principal" }];
    w.outputs.delegated_permissions = {
      "7df0a125-d3be-4c96-aa54-591f83ff541c": ["Flows.Read.All", "Flows.Manage.All", "User", "Approvals.Manage.All"],
      "00000003-0000-0000-c000-000000000000": ["User.Read"],
    };
    w.writeOutputs();
    const block = checkBlock((await w.run("verify")).stdout, "admin consent");
    expect(block).toMatch(/^✗ admin consent: Microsoft Flow Service: not consented: Approvals\.Manage\.All$/m);
    expect(block).toMatch(/^ {4}Microsoft Graph: not consented: User\.Read$/m);
    expect(block).toMatch(/fix: grant admin consent: Entra admin center/);
  });

  test("admin consent fails with the Graph permission to grant when Graph refuses", async () => {
    w.azure.graphStatus = 403;
    const block = checkBlock((await w.run("verify")).stdout, "admin consent");
    expect(block).toMatch(
      /^✗ admin consent: Microsoft Graph \(GET https:\/\/127\.0\.0\.1:\d+\/graph\/v1\.0\/servicePrincipals\/.*\/oauth2PermissionGrants\) answered 403 \(Insufficient privileges to complete the operation\.\); .*DelegatedPermissionGrant\.Read\.All/m,
    );
  });

  test("queues fail on failed (poison) and stuck events, with their counts", async () => {
    await w.harness.storage.queue(RELAY_QUEUES.flowEventsPoison).sendMessage("e30=");
    await w.harness.storage.queue(RELAY_QUEUES.flowEventsPoison).sendMessage("e30=");
    await w.harness.storage.queue(RELAY_QUEUES.decisions).sendMessage("e30=");
    w.now = Date.now() + 31 * 60_000;
    const result = await w.run("verify", "--json");
    const check = JSON.parse(result.stdout).checks.find((c: { id: string }) => c.id === "queues");
    expect(check.status).toBe("fail");
    expect(check.evidence).toEqual([
      "flow-events: 0 waiting, 0 stuck over 30 min",
      "decisions: 1 waiting, 1 stuck over 30 min",
      "flow-events-poison: 2 failed",
      "decisions-poison: 0 failed",
      "problems: 1 stuck in decisions, 2 failed in flow-events-poison",
    ]);
    expect(check.fix).toMatch(
      /^stuck: the relay is not taking messages.*; failed: each poison message carries its last error/,
    );
  });

  test("a waiting event younger than the threshold is not stuck", async () => {
    await w.harness.storage.queue(RELAY_QUEUES.flowEvents).sendMessage("e30=");
    const result = await w.run("verify");
    expect(result.stdout).toMatch(/^✓ relay queues: flow-events: 1 waiting, 0 stuck over 30 min$/m);
  });

  test("--send-test-event: one marked event is delivered through the relay to the flow", async () => {
    const result = await w.run("verify", "--send-test-event", "create-user");
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      /^✓ test event: POST https:\/\/127\.0\.0\.1:\d+\/api\/flows\/create-user answered 202, correlation id dmflow-test-[0-9a-f-]+\n {4}delivered to the flow$/m,
    );
    const [received] = w.harness.flow.received;
    expect(received.body).toMatchObject({
      dmflowTest: {
        sentBy: "dmflow verify",
        route: "create-user",
        correlationId: expect.stringMatching(/^dmflow-test-/),
      },
    });
    expect(received.headers["x-ms-client-tracking-id"]).toBe(
      (received.body as { dmflowTest: { correlationId: string } }).dmflowTest.correlationId,
    );
  });

  test("--send-test-event fails when the flow does not take it and the relay queues it", async () => {
    w.harness.flow.otherwise({ status: 503 });
    const result = await w.run("verify", "--send-test-event", "create-user");
    expect(result.code).toBe(1);
    const block = checkBlock(result.stdout, "test event");
    expect(block).toMatch(
      /answered 202, correlation id (dmflow-test-[0-9a-f-]+)\n {4}queued: the flow did not take it now/,
    );
    expect(block).toMatch(/fix: look up the run with client tracking id dmflow-test-/);
  });

  test("--send-test-event with a route the stack does not have fails that check", async () => {
    const block = checkBlock((await w.run("verify", "--send-test-event", "change-manager")).stdout, "test event");
    expect(block).toMatch(
      /^✗ test event: --send-test-event change-manager: the stack has no relay route "change-manager"; expected one of create-user, delete-user$/m,
    );
  });

  test("--skip leaves a check out (Directory Manager unreachable from this machine) and the rest decides", async () => {
    const result = await w.run("verify", "--skip", "directory-manager-settings");
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^- Directory Manager settings: left out with --skip$/m);
    expect(w.dm.requests).toEqual([]);
    const unknown = await w.run("verify", "--skip", "dm");
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(
      /dmflow: --skip dm: no such check; expected one of relay-health, relay-code, key-vault-secrets, admin-consent, directory-manager-settings, callback-url, queues, test-event\n$/,
    );
  });

  test("a stack without a relay or app registration skips those checks", async () => {
    for (const name of [
      "relay_route_urls",
      "relay_function_app_id",
      "relay_base_url",
      "relay_health_url",
      "relay_queue_endpoint",
      "service_principal_object_id",
      "delegated_permissions",
    ])
      delete w.outputs[name];
    w.writeOutputs();
    w.inSyncDirectoryManager();
    const result = await w.run("verify");
    expect(result.stdout).toMatch(/^- relay health: the stack has no relay$/m);
    expect(result.stdout).toMatch(/^- admin consent: the stack does not manage the app registration$/m);
    expect(result.stdout).toMatch(/^- relay queues: the stack has no relay$/m);
  });
});
