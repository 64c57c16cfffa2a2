#!/usr/bin/env node
// The relay's own CPU per event and the cost of log redaction, for docs/benchmarks.md (issue 25).
// CPU (process user + system time, which varies less than wall time on a busy machine) per call,
// each measured over N sequential calls in this process, loopback only:
//   event   POST /api/flows/create-user through the built bundle's registration (the event has a
//           workflow request id, so with decisions on the relay signs a decision token), delivered
//           to the fake flow in this process;
//   direct  the same event posted straight to the fake flow (client and fake flow's own CPU);
//   floor   GET /api/health through the registration: the host model's empty-endpoint floor.
// The relay's own CPU per event is event - direct - floor.
// Redaction: microseconds per log line with the start-up secrets, then after a month of Directory
// Manager tokens (one every 19 minutes for 30 days, 2,300) registered the way the relay does it.
// Runs against whatever tree it sits in, so the same file measures a tree before and after a change.
// Usage: npm run bench:relay-cpu [-- --events 2000]
const https = require("node:https");
const os = require("node:os");
const { mkdtempSync, rmSync } = require("node:fs");
const { join } = require("node:path");
const { parseArgsOrExit } = require("../args");
const { loadRelayHarness } = require("./relay-harness");
const { buildRelay } = require("../build/relay");

const usage = "usage: npm run bench:relay-cpu [-- --events 2000]";
const { values: args } = parseArgsOrExit(usage, { events: { type: "string", default: "2000" } });
const EVENTS = Number(args.events);
if (!Number.isInteger(EVENTS) || EVENTS < 100 || EVENTS > 20_000) {
  console.error(`--events: got "${args.events}"; expected a whole number from 100 to 20000\n${usage}`);
  process.exit(2);
}
const TOKENS_PER_MONTH = 2300;
const LINES = 2000;

const { createHttpsClient, createLogger, FakeFlow, startAzurite, loadFunctionApp, testAgent } = loadRelayHarness(
  "bench-relay-cpu",
  { createLogger: "./relay/logging" },
);

const cpuMicros = () => {
  const { user, system } = process.cpuUsage();
  return user + system;
};
/** CPU microseconds per call of `run`, over `n` sequential calls after a warm-up. */
async function cpuPerCall(n, run) {
  for (let i = 0; i < Math.min(200, n); i++) await run();
  const start = cpuMicros();
  for (let i = 0; i < n; i++) await run();
  return (cpuMicros() - start) / n;
}

function redactionMicrosPerLine() {
  const logger = createLogger(() => undefined);
  for (let i = 0; i < 10; i++) logger.addSecret(`start-up-secret-${i}-0123456789abcdef`);
  // This relay replaces the token per identity store; relays before issue 25 kept every one.
  const register = (token) =>
    logger.replaceSecret ? logger.replaceSecret("directory-manager-token:2", token) : logger.addSecret(token);
  const token = (i) => `eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.month-token-${i}.${"x".repeat(600)}`;
  register(token(0));
  const line = { event: "flow_event.received", outcome: "delivered", route: "create-user", error: "x".repeat(200) };
  const perLine = () => {
    const start = cpuMicros();
    for (let i = 0; i < LINES; i++) logger.log(line);
    return (cpuMicros() - start) / LINES;
  };
  perLine(); // warm-up
  const atStart = perLine();
  for (let i = 1; i <= TOKENS_PER_MONTH; i++) register(token(i));
  return { atStart, afterMonth: perLine() };
}

async function main() {
  const bundleDir = mkdtempSync(join(os.tmpdir(), "bench-relay-cpu-"));
  const [flow, storage] = await Promise.all([FakeFlow.start(), startAzurite()]);
  const agent = testAgent();
  const defaultAgent = https.globalAgent;
  https.globalAgent = agent;
  try {
    flow.otherwise({ status: 202, body: '{"accepted":true}' });
    const env = {
      RELAY_ROUTES: JSON.stringify({
        "create-user": { displayName: "Create User", flowUrlSetting: "FLOW_URL_CREATE_USER" },
      }),
      FLOW_URL_CREATE_USER: flow.url,
      RELAY_DEPARTMENTS: JSON.stringify({ Sales: { siteUrl: "https://contoso.sharepoint.com/sites/sales" } }),
      AzureWebJobsStorage: storage.connectionString,
      RELAY_VERSION: "bench",
      // Decisions on (Directory Manager is never called here): each event gets a decision token.
      RELAY_DECISIONS_ENABLED: "true",
      DIRECTORY_MANAGER_URL: "https://dm.contoso.test",
      DIRECTORY_MANAGER_USERNAME: "svc",
      DIRECTORY_MANAGER_PASSWORD: "bench-password-0123456789",
      DIRECTORY_MANAGER_CLIENT_ID: "bench-client",
      DIRECTORY_MANAGER_CLIENT_SECRET: "bench-client-secret-0123456789",
      DIRECTORY_MANAGER_IDENTITY_STORE_ID: "2",
      RELAY_DECISION_TOKEN_KEY: "bench-decision-token-key-0123456789abcdef",
      RELAY_DECISIONS_KEY: "bench-decisions-key-0123456789abcdef0123",
    };
    buildRelay({ outDir: bundleDir, quiet: true });
    const log = console.log;
    console.log = () => undefined; // the bundle's start-up line
    const host = loadFunctionApp(bundleDir, env, () => undefined);
    console.log = log;
    const body = JSON.stringify({
      userPrincipalName: "ann@contoso.test",
      displayName: "Ann",
      department: "Sales",
      workflowRequestId: 4711,
    });
    const event = {
      method: "POST",
      path: "flows/create-user",
      params: { route: "create-user" },
      headers: { "content-type": "application/json" },
      body,
    };
    const http = createHttpsClient(agent);
    const url = new URL(flow.url);
    const expect202 = (status) => {
      if (status !== 202) throw new Error(`answered ${status}, expected 202`);
      flow.received.length = 0;
    };
    const eventCpu = await cpuPerCall(EVENTS, async () =>
      expect202((await host.invokeHttp("flowEvent", event)).status),
    );
    const directCpu = await cpuPerCall(EVENTS, async () =>
      expect202(
        (await http({ url, method: "POST", headers: { "content-type": "application/json" }, body, timeoutMs: 10_000 }))
          .status,
      ),
    );
    const floorCpu = await cpuPerCall(
      EVENTS,
      async () => (await host.invokeHttp("health", { method: "GET", path: "health" })).status,
    );
    const redaction = redactionMicrosPerLine();
    const us = (n) => `${n.toFixed(1)} µs`;
    console.log(
      `relay CPU bench: ${EVENTS} calls each, Node ${process.version}, ${os.cpus().length} cores, load ${os
        .loadavg()
        .map((l) => l.toFixed(2))
        .join(" ")}`,
    );
    console.log(`  event through the registration:        ${us(eventCpu)} CPU per call`);
    console.log(`  straight to the fake flow:             ${us(directCpu)}`);
    console.log(`  empty endpoint (health) floor:         ${us(floorCpu)}`);
    console.log(`  relay's own CPU per event:             ${us(eventCpu - directCpu - floorCpu)}`);
    console.log(`  redaction per log line, at start:      ${us(redaction.atStart)}`);
    console.log(
      `  redaction per log line, after a month: ${us(redaction.afterMonth)} (${TOKENS_PER_MONTH} tokens registered)`,
    );
  } finally {
    https.globalAgent = defaultAgent;
    agent.destroy();
    await Promise.all([flow.close(), storage.close()]);
    rmSync(bundleDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
