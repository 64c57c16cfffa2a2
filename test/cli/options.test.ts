import { parseCommandLine } from "../../cli/options";
import { runOffline } from "./support/offline-run";

describe("the command line", () => {
  test("--help and --version print and exit 0", async () => {
    const help = await runOffline(["--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/dmflow dm-settings --env <env>/);
    expect(help.stdout).toMatch(/DMFLOW_DM_PASSWORD/);
    expect(await runOffline(["--version"])).toEqual({ code: 0, stdout: "9.9.9\n", stderr: "" });
  });

  test("each command's --help is its own", async () => {
    const verify = await runOffline(["verify", "--help"]);
    expect(verify.code).toBe(0);
    expect(verify.stdout).toMatch(/^Usage: dmflow verify --env <env>/m);
    expect(verify.stdout).toMatch(/--send-test-event <route>/);
    expect(verify.stdout).not.toMatch(/--apply/);
    const dm = await runOffline(["dm-settings", "-h"]);
    expect(dm.stdout).toMatch(/^Usage: dmflow dm-settings --env <env> \[--apply\]/m);
    expect(dm.stdout).toMatch(/3 no difference the API shows, but fields it cannot confirm/);
    expect(dm.stdout).not.toMatch(/--send-test-event/);
    const deploy = await runOffline(["deploy-code", "--help"]);
    expect(deploy.stdout).toMatch(/^Usage: dmflow deploy-code --env <env>/m);
    expect(deploy.stdout).toMatch(/--deadline <seconds>/);
    expect(deploy.stdout).not.toMatch(/--send-test-event|--out <dir>/);
    const flows = await runOffline(["flow-template", "--help"]);
    expect(flows.stdout).toMatch(/^Usage: dmflow flow-template --env <env>/m);
    expect(flows.stdout).toMatch(/--relay-principal-id <id>/);
    expect(flows.stdout).not.toMatch(/--apply|--deadline/);
    expect((await runOffline(["--help"])).stdout).toMatch(/dmflow <command> --help {5}that command's options/);
  });

  test("defaults", () => {
    expect(parseCommandLine(["verify", "--env", "prod"])).toEqual({
      kind: "verify",
      common: {
        environment: "prod",
        timeoutMs: 30_000,
        json: false,
        outputsFile: undefined,
        directoryManagerUrl: undefined,
        caFile: undefined,
      },
      options: { expiryDays: 30, stuckMinutes: 30, skip: [] },
    });
    expect(parseCommandLine(["dm-settings", "--env", "dev", "--apply", "--json", "--timeout", "5"])).toEqual(
      expect.objectContaining({
        kind: "dm-settings",
        common: expect.objectContaining({ environment: "dev", timeoutMs: 5000, json: true }),
        options: { apply: true },
      }),
    );
    // A fraction of a second: tests use short deadlines.
    expect(parseCommandLine(["verify", "--env", "dev", "--timeout", "0.25"])).toMatchObject({
      common: { timeoutMs: 250 },
    });
  });

  test.each([
    [["dm-settings", "--env", "prod", "--password", "hunter22"], /Unknown option '--password'.*never from options/],
    [["dm-settings"], /--env is required/],
    [[], /no command given; expected one of: dm-settings, verify/],
    [["deploy", "--env", "prod"], /unknown command "deploy"/],
    [["verify", "--env", "Prod"], /--env Prod: expected 1-20 lower-case letters/],
    [["verify", "--env", "prod", "extra"], /unexpected argument "extra"/],
    [["verify", "--env", "prod", "--apply"], /--apply belongs to dmflow dm-settings, not verify/],
    [
      ["dm-settings", "--env", "prod", "--send-test-event", "create-user"],
      /--send-test-event belongs to dmflow verify/,
    ],
    [
      ["dm-settings", "--env", "prod", "--push-client-secret"],
      /--push-client-secret: dmflow no longer sends the Client Secret: .*Register Client/,
    ],
    [["verify", "--env", "prod", "--expiry-days=-1"], /--expiry-days -1: expected a whole number from 0 to 3650/],
    [
      ["verify", "--env", "prod", "--stuck-minutes"],
      /Option .--stuck-minutes <value>. argument missing; see dmflow --help/,
    ],
    [["verify", "--env", "prod", "--timeout", "0"], /--timeout 0: expected a number of seconds from 0.05 to 600/],
    [["verify", "--env", "prod", "--timeout", "1e3"], /--timeout 1e3: expected a number of seconds from 0.05 to 600/],
    [
      ["verify", "--env", "prod", "--send-test-event", "Create User"],
      /--send-test-event Create User: expected a route key/,
    ],
    [["dm-settings", "--env", "prod", "--skip", "queues"], /--skip belongs to dmflow verify/],
  ])("%j is refused with one line and exit 2", async (argv, message) => {
    const result = await runOffline(argv);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toMatch(message);
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
    expect(result.stderr).not.toContain("hunter22");
  });

  test("--ca-file that is missing or holds no certificate is named", async () => {
    expect((await runOffline(["verify", "--env", "prod", "--ca-file", "/nonexistent.pem"])).stderr).toMatch(
      /--ca-file \/nonexistent.pem: cannot be read \(ENOENT\)/,
    );
    expect((await runOffline(["verify", "--env", "prod", "--ca-file", __filename])).stderr).toMatch(
      /holds no PEM certificate/,
    );
  });
});
