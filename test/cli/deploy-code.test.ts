/**
 * dmflow deploy-code against a loopback Resource Manager and SCM site (test/cli/support/fake-kudu.ts
 * cites each answer's source): the zip lands, the record decides, the functions must be indexed, and
 * every way it can fail exits non-zero naming what failed. Deadlines are a few polls of 10 ms.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { RELAY_FUNCTIONS } from "../../cli/relay-app/relay-functions";
import { useCliWorld, type CliWorld } from "./support/cli-world";
import { DEPLOYED_SHA256, LOADED_FUNCTIONS, writeRelayZip } from "./support/fake-kudu";

let w: CliWorld;
useCliWorld((world) => (w = world));

const writeZip = (content: string) => writeRelayZip(w.dir, content);

const deployCode = (...extra: string[]) => w.run("deploy-code", "--poll-ms", "10", "--deadline", "0.1", ...extra);

describe("dmflow deploy-code", () => {
  test("pushes the zip, waits for success and the indexed functions, exit 0", async () => {
    const zip = writeZip('{"version":"2.0"}');
    w.azure.kudu.pollsToFinish = 3;
    w.azure.kudu.listsToIndex = 2;
    const result = await deployCode();
    expect(result.code).toBe(0);
    expect(w.azure.kudu.pushed).toEqual([zip.sha256]);
    expect(result.stdout.split("\n").filter(Boolean)).toEqual([
      `✓ package pushed: ${zip.path}, ${zip.size} bytes, sha256 ${zip.sha256}`,
      "✓ deployment d1 succeeded at 2026-12-06T03:00:20.0000000Z",
      `✓ functions indexed: ${[...LOADED_FUNCTIONS].sort().join(", ")}`,
    ]);
    // The record carries the hash: verify then finds the deployed package is this zip.
    const verify = JSON.parse((await w.run("verify", "--json")).stdout);
    const check = verify.checks.find((c: { id: string }) => c.id === "relay-code");
    expect(check.status).toBe("pass");
    expect(check.evidence).toContain(`deployed package sha256: ${zip.sha256}`);
    expect(check.evidence).toContain(`local ${zip.path} sha256: ${zip.sha256}`);
  });

  test("a failed deployment (the upload still answered 200) exits 1 with its log", async () => {
    writeZip("{}");
    w.azure.kudu.outcome = "failed";
    const result = await deployCode("--json");
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout);
    expect(report).toMatchObject({ command: "deploy-code", ok: false, failed: "deployment", deploymentStatus: 3 });
    expect(report.lines).toContain("✗ deployment d1 failed: Deployment failed");
    expect(report.lines).toContain("    log: Failed to start the function host: worker exited");
    // Nothing after a failed deployment: the function list is not asked.
    expect(w.azure.calls.filter((c) => c.endsWith("/functions"))).toEqual([]);
  });

  test("a deployment that never finishes exits 1 at the deadline; an older record is not taken for it", async () => {
    writeZip("{}");
    w.azure.kudu.outcome = "never";
    const result = await deployCode("--deadline", "0.05");
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^✗ deployment d1 did not finish within 0\.05 s \(status 1 \(building\)\)$/m);
    expect(w.azure.kudu.calls.filter((c) => c === "GET /api/deployments/latest")).toHaveLength(5);
  });

  test("a package that lands but is not indexed exits 1 naming the missing functions", async () => {
    writeZip("{}");
    w.azure.kudu.listsToIndex = undefined;
    const result = await deployCode();
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^✓ deployment d1 succeeded/m);
    expect(result.stdout).toMatch(
      /^✗ functions not indexed within 0\.1 s: flowEvent, decision, health, healthDetails, flowEventRedelivery, decisionRedelivery \(indexed: none\)$/m,
    );
  });

  test("no package, or not a zip: exit 2 saying how to build it, nothing pushed", async () => {
    const missing = await deployCode();
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/dist\/relay\.zip: cannot be read \(ENOENT\); build it with npm run build:relay/);
    const notZip = join(w.dir, "relay.txt");
    writeFileSync(notZip, "hello");
    const wrong = await deployCode("--package", notZip);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/relay\.txt: is not a zip file/);
    expect(w.azure.kudu.pushed).toEqual([]);
  });

  test("a stack without a relay: exit 2", async () => {
    writeZip("{}");
    delete w.outputs.relay_function_app_id;
    w.writeOutputs();
    const result = await deployCode();
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/has no "relay_function_app_id"/);
  });

  test("its options belong to it, and bad values are refused", async () => {
    expect((await w.run("verify", "--package", "x.zip")).stderr).toMatch(/--package belongs to dmflow deploy-code/);
    expect((await deployCode("--deadline", "0")).stderr).toMatch(/--deadline 0: expected seconds/);
    expect((await deployCode("--poll-ms", "1")).stderr).toMatch(/--poll-ms 1: expected a whole number from 10/);
  });
});

describe("dmflow verify: relay code", () => {
  const relayCode = async () =>
    JSON.parse((await w.run("verify", "--json")).stdout).checks.find((c: { id: string }) => c.id === "relay-code");

  test("fails when the deployed package is not this machine's zip", async () => {
    writeZip("a newer build");
    const check = await relayCode();
    expect(check).toMatchObject({ status: "fail", fix: "deploy this package: dmflow deploy-code --env prod" });
    expect(check.evidence).toContain(`deployed package sha256: ${DEPLOYED_SHA256}`);
  });

  test("fails when the latest deployment failed, or functions are missing", async () => {
    w.azure.kudu.deployments[0].status = 3;
    expect((await relayCode()).status).toBe("fail");
    w.azure.kudu.deployments[0].status = 4;
    w.azure.kudu.functions = ["health"];
    const check = await relayCode();
    expect(check.status).toBe("fail");
    expect(check.evidence).toContain(
      "not indexed: flowEvent, decision, healthDetails, flowEventRedelivery, decisionRedelivery",
    );
  });
});

test("the functions deploy-code waits for are the ones relay/index.ts registers", () => {
  const source = readFileSync(join(__dirname, "..", "..", "relay", "index.ts"), "utf8");
  const registered = [...source.matchAll(/app\.\w+\(\s*"(\w+)"/g)].map((m) => m[1]);
  expect([...RELAY_FUNCTIONS].sort()).toEqual(registered.sort());
  expect([...LOADED_FUNCTIONS].sort()).toEqual(registered.sort());
});
