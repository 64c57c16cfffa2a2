/**
 * Everything `dmflow` talks to, on loopback: the fake Directory Manager API, the fake Azure
 * (Resource Manager, Graph, a Functions host in front of the real relay), the relay harness's
 * fake flow and Azurite queues, an in-memory Key Vault, and the stack's outputs in a file. `run`
 * calls the command in-process, as its bin does, and captures what it prints.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TokenCredential } from "@azure/core-auth";
import { QueueServiceClient } from "@azure/storage-queue";
import type { CliDeps } from "../../../cli/deps";
import { run } from "../../../cli/main";
import { RELAY_SETTINGS } from "../../../contract/relay-settings";
import { startHarness, type Harness } from "../../relay/support/relay-harness";
import { testTls } from "../../relay/support/test-tls";
import { FLOW_SIG } from "../../relay/support/fake-flow";
import {
  ARM_TOKEN,
  APP_PRINCIPAL_ID,
  FakeAzure,
  FUNCTION_APP_ID,
  FUNCTION_KEY,
  GRAPH_TOKEN,
  MASTER_KEY,
  HEALTH_KEY,
} from "./fake-azure";
import {
  DM_API_CREDENTIALS,
  FakeDirectoryManagerApi,
  IDENTITY_STORE_ID,
  sampleRoute,
} from "./fake-directory-manager-api";
import { FakeKeyVault } from "./fake-key-vault";

export const VERSION = "1.2.3";
/** A route's msFlowToken once Create Template ran (its form is not documented: inferred). */
export const FLOW_TOKEN = "msflow-token-SECRET-0123456789";
export const APP_CLIENT_SECRET = "app-client-secret-VALUE-SECRET~42";
export const FLOW_SERVICE_APP_ID = "7df0a125-d3be-4c96-aa54-591f83ff541c";
export const GRAPH_APP_ID = "00000003-0000-0000-c000-000000000000";
export const STACK_SETTINGS = {
  organizationalCode: "contoso",
  region: "crm4",
  tenantID: "11111111-2222-3333-4444-555555555555",
  clientID: "66666666-7777-8888-9999-000000000000",
  // A callback URL with a path, as getpowerautomatesettings.md's sample has one.
  groupIDServiceUrl: "https://dm.contoso.test/GroupIDDataService",
  directoryManagerServer: "https://dm.contoso.test",
  identityStoreID: IDENTITY_STORE_ID,
};
const DAY = 86_400_000;

export interface RunResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  /** stdout and stderr interleaved, as a terminal shows them. */
  readonly terminal: string;
}

export class CliWorld {
  readonly dir = mkdtempSync(join(tmpdir(), "dmflow-"));
  readonly caFile = join(this.dir, "ca.pem");
  readonly outputsFile = join(this.dir, "outputs.json");
  readonly vault = new FakeKeyVault("https://dm-prod-kv.vault.azure.net/");
  /** The stack's outputs as terraform output -json values; tests change them, then writeOutputs(). */
  outputs: Record<string, unknown> = {};
  /** The clock dmflow sees. */
  now = Date.now();
  env: Record<string, string> = {};

  private constructor(
    readonly harness: Harness,
    readonly dm: FakeDirectoryManagerApi,
    readonly azure: FakeAzure,
  ) {
    writeFileSync(this.caFile, testTls().ca);
  }

  static async start(): Promise<CliWorld> {
    const [harness, dm, azure] = await Promise.all([
      startHarness(),
      FakeDirectoryManagerApi.start(),
      FakeAzure.start(),
    ]);
    const world = new CliWorld(harness, dm, azure);
    await world.reset();
    return world;
  }

  routeUrl(routeKey: string): string {
    return `${this.azure.baseUrl}/api/flows/${routeKey}`;
  }

  /** Every part back to a deployed, in-sync, healthy state, with dmflow's clock at `now`. */
  async reset(now = Date.now()): Promise<void> {
    await this.harness.clear();
    this.now = now;
    this.env = {};
    const relayRoutes = {
      "create-user": { displayName: "Create User", flowUrlSetting: "FLOW_URL_CREATE_USER" },
      "delete-user": { displayName: "Delete User", flowUrlSetting: "FLOW_URL_DELETE_USER" },
    };
    this.azure.relay = this.harness.relay({
      [RELAY_SETTINGS.routes]: JSON.stringify(relayRoutes),
      FLOW_URL_DELETE_USER: this.harness.flow.url,
      [RELAY_SETTINGS.version]: VERSION,
    });
    Object.assign(this.azure, { functionKey: FUNCTION_KEY, listKeysStatus: undefined, graphStatus: undefined });
    this.azure.calls.length = 0;
    this.azure.kudu.reset();
    rmSync(join(this.dir, "dist"), { recursive: true, force: true });
    this.azure.principals.clear();
    this.azure.principals.set(FLOW_SERVICE_APP_ID, {
      id: "a1a1a1a1-0000-0000-0000-000000000001",
      displayName: "Microsoft Flow Service",
    });
    this.azure.principals.set(GRAPH_APP_ID, {
      id: "a1a1a1a1-0000-0000-0000-000000000002",
      displayName: "Microsoft Graph",
    });
    this.azure.grants = [
      {
        clientId: APP_PRINCIPAL_ID,
        consentType: "AllPrincipals",
        resourceId: "a1a1a1a1-0000-0000-0000-000000000001",
        scope: "Flows.Read.All Flows.Manage.All User",
      },
      {
        clientId: APP_PRINCIPAL_ID,
        consentType: "AllPrincipals",
        resourceId: "a1a1a1a1-0000-0000-0000-000000000002",
        scope: "User.Read",
      },
    ];
    this.inSyncDirectoryManager();
    this.vault.secrets.clear();
    this.vault.valuesRead.length = 0;
    this.vault.denied = false;
    const valid = { enabled: true, expiresOn: new Date(this.now + 200 * DAY) };
    this.vault.set("flow-url-create-user", { ...valid, value: `${this.harness.flow.url}` });
    this.vault.set("flow-url-delete-user", { ...valid, value: `${this.harness.flow.url}` });
    this.vault.set("directory-manager-client-secret", { ...valid, value: APP_CLIENT_SECRET });
    this.vault.set("dm-api-username", { ...valid, value: DM_API_CREDENTIALS.username });
    this.vault.set("dm-api-password", { ...valid, value: DM_API_CREDENTIALS.password });
    this.vault.set("dm-api-client-id", { ...valid, value: DM_API_CREDENTIALS.clientId });
    this.vault.set("dm-api-client-secret", { ...valid, value: DM_API_CREDENTIALS.clientSecret });
    this.outputs = {
      directory_manager_settings: {
        ...STACK_SETTINGS,
        routes: [
          { routeKey: "create-user", displayName: "Create User", msFlowRequestUrl: this.routeUrl("create-user") },
          { routeKey: "delete-user", displayName: "Delete User", msFlowRequestUrl: this.routeUrl("delete-user") },
        ],
        departments: {},
      },
      relay_base_url: `${this.azure.baseUrl}/api`,
      relay_health_url: `${this.azure.baseUrl}/api/health`,
      relay_route_urls: { "create-user": this.routeUrl("create-user"), "delete-user": this.routeUrl("delete-user") },
      relay_function_app_id: FUNCTION_APP_ID,
      relay_queue_endpoint: "https://dmprodrelay.queue.core.windows.net/",
      relay_function_key_command:
        "az functionapp function keys list --resource-group dm-prod-rg --name dm-prod-relay --function-name flowEvent --query default --output tsv",
      key_vault_uri: this.vault.vaultUrl,
      flow_url_secret_ids: {
        "create-user": this.vault.secretId("flow-url-create-user"),
        "delete-user": this.vault.secretId("flow-url-delete-user"),
      },
      client_secret_key_vault_secret_id: this.vault.secretId("directory-manager-client-secret"),
      client_id: STACK_SETTINGS.clientID,
      tenant_id: STACK_SETTINGS.tenantID,
      service_principal_object_id: APP_PRINCIPAL_ID,
      delegated_permissions: {
        [FLOW_SERVICE_APP_ID]: ["Flows.Read.All", "Flows.Manage.All", "User"],
        [GRAPH_APP_ID]: ["User.Read"],
      },
      directory_manager_api_secret_ids: {
        username: this.vault.secretId("dm-api-username"),
        password: this.vault.secretId("dm-api-password"),
        clientId: this.vault.secretId("dm-api-client-id"),
        clientSecret: this.vault.secretId("dm-api-client-secret"),
      },
    };
    this.writeOutputs();
  }

  /** Directory Manager as a finished set-up leaves it: settings registered and authenticated, routes pointing at the relay. */
  inSyncDirectoryManager(): void {
    const withKey = (route: string) => `${this.routeUrl(route)}?code=${encodeURIComponent(this.azure.functionKey)}`;
    Object.assign(this.dm, {
      returnsClientId: undefined,
      renames: {},
      settingsWriteError: undefined,
      applyThenHang: undefined,
      signInError: undefined,
      expireTokensBeforeNextCall: false,
      dataStatus: undefined,
      hang: false,
      settingsBody: undefined,
    });
    this.dm.failRouteUpdates.clear();
    this.dm.requests.length = 0;
    this.dm.issuedTokens.length = 0;
    // getpowerautomatesettings.md's sample shape with the stack's values.
    this.dm.settings = {
      msFlowID: 1,
      msFlowUserID: STACK_SETTINGS.tenantID,
      groupIDServiceUrl: STACK_SETTINGS.groupIDServiceUrl,
      identityStoreID: IDENTITY_STORE_ID,
      isAuthenticated: true,
      organizationalCode: STACK_SETTINGS.organizationalCode,
      region: STACK_SETTINGS.region,
      tenantID: STACK_SETTINGS.tenantID,
    };
    const ready = { template: true, token: FLOW_TOKEN };
    this.dm.routes = [
      sampleRoute(2, "Workflow to Reset Password"),
      sampleRoute(10, "Create User", withKey("create-user"), ready),
      sampleRoute(11, "Delete User", withKey("delete-user"), ready),
    ];
  }

  /** Directory Manager before any set-up: no settings, routes without a request URL. */
  freshDirectoryManager(): void {
    this.inSyncDirectoryManager();
    this.dm.settings = undefined;
    this.dm.routes = [
      sampleRoute(2, "Workflow to Reset Password"),
      sampleRoute(10, "Create User"),
      sampleRoute(11, "Delete User"),
    ];
  }

  writeOutputs(): void {
    writeFileSync(
      this.outputsFile,
      JSON.stringify(
        Object.fromEntries(
          Object.entries(this.outputs).map(([k, value]) => [k, { sensitive: false, type: "dynamic", value }]),
        ),
      ),
    );
  }

  /** A cdktf.out/stacks/<env> folder, for runs without --outputs. */
  makeStackFolder(environment: string): void {
    mkdirSync(join(this.dir, "cdktf.out", "stacks", environment), { recursive: true });
  }

  deps(out: { stdout: string[]; stderr: string[]; terminal: string[] }): CliDeps {
    const credential: TokenCredential = {
      // Graph lives under /graph on the fake's host, so its scope tells the two apart.
      getToken: async (scope) => ({
        token: scope === `${this.azure.graphUrl}/.default` ? GRAPH_TOKEN : ARM_TOKEN,
        expiresOnTimestamp: this.now + 3_600_000,
      }),
    };
    let id = 0;
    return {
      stdout: (text) => {
        out.stdout.push(text);
        out.terminal.push(text);
      },
      stderr: (text) => {
        out.stderr.push(text);
        out.terminal.push(text);
      },
      env: this.env,
      cwd: this.dir,
      now: () => this.now,
      newId: () => `00000000-0000-0000-0000-${String(++id).padStart(12, "0")}`,
      packageVersion: VERSION,
      terraformOutput: async () =>
        JSON.stringify(Object.fromEntries(Object.entries(this.outputs).map(([k, value]) => [k, { value }]))),
      azureCredential: () => credential,
      secretStores: () => this.vault.stores,
      queueService: () => QueueServiceClient.fromConnectionString(this.harness.storage.connectionString),
      azureEndpoints: { resourceManager: this.azure.baseUrl, graph: this.azure.graphUrl },
    };
  }

  /** `dmflow <argv>` with nothing added. */
  async runRaw(argv: readonly string[]): Promise<RunResult> {
    const out = { stdout: [] as string[], stderr: [] as string[], terminal: [] as string[] };
    const code = await run(argv, this.deps(out));
    const result = { code, stdout: out.stdout.join(""), stderr: out.stderr.join(""), terminal: out.terminal.join("") };
    // Every run in every test: no secret the world holds may reach the output, masked or not.
    const leaked = [...ALL_SECRETS, ...this.dm.issuedTokens].filter((secret) =>
      `${result.stdout}${result.stderr}`.includes(secret),
    );
    if (leaked.length > 0)
      throw new Error(`dmflow printed ${leaked.length} secret(s) unmasked:\n${result.stdout}${result.stderr}`);
    return result;
  }

  /** `dmflow <command> --env prod --outputs … --ca-file … --dm-url … <extra>`. */
  run(command: string, ...extra: string[]): Promise<RunResult> {
    return this.runRaw([
      command,
      "--env",
      "prod",
      "--outputs",
      this.outputsFile,
      "--ca-file",
      this.caFile,
      "--dm-url",
      this.dm.baseUrl,
      ...extra,
    ]);
  }

  async close(): Promise<void> {
    await Promise.all([this.harness.close(), this.dm.close(), this.azure.close()]);
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** One world per test file: started before its tests, reset before each, closed after all. */
export function useCliWorld(receive: (world: CliWorld) => void): void {
  // Each test runs dmflow once or twice against several servers; generous on a busy 2-core machine.
  jest.setTimeout(30_000);
  let world: CliWorld | undefined;
  beforeAll(async () => {
    world = await CliWorld.start();
    receive(world);
  });
  beforeEach(() => world?.reset());
  afterAll(() => world?.close());
}

/** Every secret the world holds: none may appear in anything dmflow prints. */
export const ALL_SECRETS = [
  FUNCTION_KEY,
  encodeURIComponent(FUNCTION_KEY),
  MASTER_KEY,
  HEALTH_KEY,
  APP_CLIENT_SECRET,
  DM_API_CREDENTIALS.password,
  DM_API_CREDENTIALS.clientSecret,
  ARM_TOKEN,
  GRAPH_TOKEN,
  FLOW_SIG,
  FLOW_TOKEN,
];
