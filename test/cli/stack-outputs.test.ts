import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadStackOutputs, parseStackOutputs, terraformError, terraformOutput } from "../../cli/stack-outputs";
import { CliError } from "../../cli/cli-error";

const SETTINGS = {
  organizationalCode: "contoso",
  region: "crm4",
  tenantID: "11111111-2222-3333-4444-555555555555",
  clientID: "66666666-7777-8888-9999-000000000000",
  groupIDServiceUrl: "https://dm.contoso.test",
  identityStoreID: 2,
  routes: [
    {
      routeKey: "create-user",
      displayName: "Create User",
      msFlowRequestUrl: "https://relay.test/api/flows/create-user",
    },
  ],
  departments: {},
};
const message = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    if (e instanceof CliError) return e.message;
    throw e;
  }
  throw new Error("expected a CliError");
};

describe("stack outputs", () => {
  test("reads terraform output -json ({name: {value}}) and cdktf's outputs file ({stack: {name: value}}) alike", () => {
    const tf = parseStackOutputs(
      {
        directory_manager_settings: { value: SETTINGS, type: "x", sensitive: false },
        relay_route_urls: { value: { "create-user": "https://relay.test/api/flows/create-user" } },
      },
      "prod",
      "f",
    );
    const cdktf = parseStackOutputs(
      {
        prod: {
          directory_manager_settings: SETTINGS,
          relay_route_urls: { "create-user": "https://relay.test/api/flows/create-user" },
        },
      },
      "prod",
      "f",
    );
    expect(cdktf).toEqual(tf);
    expect(tf.directoryManagerSettings.identityStoreID).toBe(2);
    expect(tf.relayRouteUrls).toEqual({ "create-user": "https://relay.test/api/flows/create-user" });
  });

  test("a bad value names the source, the output and the field", () => {
    expect(
      message(() =>
        parseStackOutputs(
          { prod: { directory_manager_settings: { ...SETTINGS, tenantID: "nope" } } },
          "prod",
          "out.json",
        ),
      ),
    ).toMatch(/^out\.json: output "directory_manager_settings" field "tenantID": must be a GUID;/);
    expect(
      message(() =>
        parseStackOutputs(
          { prod: { directory_manager_settings: SETTINGS, relay_route_urls: { a: "http://plain.test" } } },
          "prod",
          "out.json",
        ),
      ),
    ).toMatch(/output "relay_route_urls" field "a": must be an https URL/);
  });

  test("a stack without a flow environment, or another stack's file, is named", () => {
    expect(message(() => parseStackOutputs({ prod: { key_vault_uri: "https://kv.test/" } }, "prod", "f"))).toMatch(
      /has no output "directory_manager_settings"; the stack needs a flowEnvironment/,
    );
    expect(message(() => parseStackOutputs({ dev: { directory_manager_settings: SETTINGS } }, "prod", "f"))).toMatch(
      /nor a stack named "prod"/,
    );
  });

  describe("from files and terraform", () => {
    const dir = mkdtempSync(join(tmpdir(), "dmflow-outputs-"));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    test("--outputs: unreadable or not JSON", async () => {
      await expect(
        loadStackOutputs({
          environment: "prod",
          outputsFile: join(dir, "missing.json"),
          cwd: dir,
          terraformOutput: jest.fn(),
        }),
      ).rejects.toThrow(/cannot be read \(ENOENT\)/);
      writeFileSync(join(dir, "bad.json"), "{");
      await expect(
        loadStackOutputs({
          environment: "prod",
          outputsFile: join(dir, "bad.json"),
          cwd: dir,
          terraformOutput: jest.fn(),
        }),
      ).rejects.toThrow(/is not JSON/);
    });

    test("without --outputs: terraform output -json runs in cdktf.out/stacks/<env>, which must exist", async () => {
      const terraformOutput = jest.fn(async () => JSON.stringify({ directory_manager_settings: { value: SETTINGS } }));
      await expect(loadStackOutputs({ environment: "prod", cwd: dir, terraformOutput })).rejects.toThrow(
        /cdktf.out\/stacks\/prod does not exist: run this in the project folder after cdktf deploy/,
      );
      mkdirSync(join(dir, "cdktf.out", "stacks", "prod"), { recursive: true });
      const outputs = await loadStackOutputs({ environment: "prod", cwd: dir, terraformOutput });
      expect(terraformOutput).toHaveBeenCalledWith(join(dir, "cdktf.out", "stacks", "prod"));
      expect(outputs.source).toBe("terraform output in cdktf.out/stacks/prod");
    });

    test("before any deploy, the real terraform's Error: line is shown, not the box it draws", async () => {
      const stack = join(dir, "cdktf.out", "stacks", "dev");
      mkdirSync(stack, { recursive: true });
      // What cdktf synth leaves before the first deploy: a backend nobody initialised.
      writeFileSync(
        join(stack, "cdk.tf.json"),
        JSON.stringify({ terraform: { backend: { local: { path: "dev.tfstate" } } }, output: { a: { value: "b" } } }),
      );
      const error = await loadStackOutputs({ environment: "dev", cwd: dir, terraformOutput }).catch((e: Error) => e);
      expect((error as Error).message).toMatch(
        /^terraform output -json in .*dev failed: Error: Backend initialization required, please run "terraform init"; run cdktf deploy first/,
      );
      // biome-ignore lint/suspicious/noControlCharactersInRegex: ESC starts the colour codes that must not show
      expect((error as Error).message).not.toMatch(/[╷│╵]|\u001b/);
    });

    test("terraformError: the Error: line inside the box, else the first line", () => {
      expect(terraformError("╷\n│ Warning: x\n╵\n╷\n│ Error: No outputs found\n│\n│ more\n╵\n")).toBe(
        "Error: No outputs found",
      );
      expect(terraformError("\n  plain failure\nsecond\n")).toBe("plain failure");
    });
  });
});
