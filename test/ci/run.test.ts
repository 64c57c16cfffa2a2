/**
 * .ci/run prints its "tests: N passed, N failed" line whether the tests pass or fail, and exits
 * non-zero when npm test or the consumer check failed. npm is replaced by a stub on PATH that writes jest's JSON results and
 * exits as told, so no real install or test run happens.
 */
import { spawnSync } from "node:child_process";
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const CI_RUN = join(__dirname, "..", "..", ".ci", "run");
const STUB_NPM = `#!/usr/bin/env bash
[ "$1" = ci ] && exit 0
[ "$1" = run ] && [ "$3" = check:consumer ] && exit "\${STUB_CONSUMER_STATUS:-0}"
for a in "$@"; do case "$a" in --outputFile=*) out="\${a#--outputFile=}";; esac; done
[ -n "$STUB_RESULTS" ] && printf '%s' "$STUB_RESULTS" > "$out"
exit "$STUB_STATUS"
`;

let bin: string;
beforeAll(() => {
  bin = mkdtempSync(join(tmpdir(), "dmflow-ci-"));
  writeFileSync(join(bin, "npm"), STUB_NPM);
  chmodSync(join(bin, "npm"), 0o755);
});
afterAll(() => rmSync(bin, { recursive: true, force: true }));

function ciRun(status: number, results?: object, consumerStatus = 0) {
  const env = {
    ...process.env,
    PATH: `${bin}:${process.env.PATH}`,
    STUB_STATUS: String(status),
    STUB_RESULTS: results ? JSON.stringify(results) : "",
    STUB_CONSUMER_STATUS: String(consumerStatus),
  };
  // No stdin: bash given Node's stdin socket reads ~/.bashrc (see test/pipeline/drift-job.test.ts).
  const r = spawnSync("bash", [CI_RUN], { env, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  return { status: r.status, summary: r.stdout.split("\n").find((l) => l.startsWith("tests:")) };
}

test("failing tests: the summary line is printed and the exit code is non-zero", () => {
  expect(ciRun(1, { numPassedTests: 3, numFailedTests: 1, numRuntimeErrorTestSuites: 0 })).toEqual({
    status: 1,
    summary: "tests: 3 passed, 1 failed",
  });
});

test("passing tests: the summary line and exit code 0", () => {
  expect(ciRun(0, { numPassedTests: 4, numFailedTests: 0, numRuntimeErrorTestSuites: 0 })).toEqual({
    status: 0,
    summary: "tests: 4 passed, 0 failed",
  });
});

test("a test file that cannot run is counted in the line", () => {
  expect(ciRun(1, { numPassedTests: 4, numFailedTests: 0, numRuntimeErrorTestSuites: 2 })).toEqual({
    status: 1,
    summary: "tests: 4 passed, 0 failed; 2 test files failed to run",
  });
});

test("jest never ran (type check failed): the line says so and the exit code is kept", () => {
  expect(ciRun(2)).toEqual({
    status: 2,
    summary: "tests: not run (the type check or the import rules failed; see above)",
  });
});

test("passing tests but a failing consumer check: the summary line is printed and the exit code is non-zero", () => {
  expect(ciRun(0, { numPassedTests: 4, numFailedTests: 0, numRuntimeErrorTestSuites: 0 }, 1)).toEqual({
    status: 1,
    summary: "tests: 4 passed, 0 failed",
  });
});
