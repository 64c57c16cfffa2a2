// The loopback test servers' TLS: a throwaway CA and one server certificate for the test host names,
// made with openssl once per run by the global setup and handed to the workers in an environment
// variable (each test file used to make its own: 48 openssl runs, 10 s of CPU per `npm test`).
const { execFileSync } = require("node:child_process");
const { mkdtempSync, readFileSync, rmSync, writeFileSync } = require("node:fs");
const { tmpdir } = require("node:os");
const { join } = require("node:path");

/** A flow host on the default allowed suffix, and Directory Manager's host. */
const FLOW_HOST = "relay-test.01.environment.api.powerplatform.com";
const DIRECTORY_MANAGER_HOST = "dm.relay.test";
const TEST_HOSTS = [FLOW_HOST, DIRECTORY_MANAGER_HOST];

const VARIABLE = "DMFLOW_TEST_TLS";

function makeTestCertificates() {
  const dir = mkdtempSync(join(tmpdir(), "relay-tls-"));
  try {
    const run = (...args) => execFileSync("openssl", args, { cwd: dir, stdio: "pipe" });
    const newKey = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"];
    run("req", "-x509", ...newKey, "-keyout", "ca.key", "-out", "ca.pem", "-days", "1", "-subj", "/CN=relay test CA");
    run("req", ...newKey, "-keyout", "server.key", "-out", "server.csr", "-subj", `/CN=${FLOW_HOST}`);
    // IP:127.0.0.1 lets clients that resolve names themselves (the dmflow command) call https://127.0.0.1:<port>.
    writeFileSync(join(dir, "san.ext"), `subjectAltName=${TEST_HOSTS.map((h) => `DNS:${h}`).join(",")},IP:127.0.0.1\n`);
    run(
      "x509",
      "-req",
      "-in",
      "server.csr",
      "-CA",
      "ca.pem",
      "-CAkey",
      "ca.key",
      "-CAcreateserial",
      "-out",
      "server.pem",
      "-days",
      "1",
      "-extfile",
      "san.ext",
    );
    const read = (file) => readFileSync(join(dir, file), "utf8");
    return { ca: read("ca.pem"), key: read("server.key"), cert: read("server.pem") };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Makes the run's certificates and puts them where the workers (and their children) find them. */
function shareTestCertificates() {
  process.env[VARIABLE] = JSON.stringify(makeTestCertificates());
}

/** The run's certificates, or new ones where no global setup ran (the relay benchmarks). */
function testCertificates() {
  const shared = process.env[VARIABLE];
  return shared ? JSON.parse(shared) : makeTestCertificates();
}

module.exports = { FLOW_HOST, DIRECTORY_MANAGER_HOST, TEST_HOSTS, shareTestCertificates, testCertificates };
