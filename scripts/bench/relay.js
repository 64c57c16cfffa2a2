#!/usr/bin/env node
// Latency of the relay's ingress, four ways, in turn within each round, over https on loopback with
// one keep-alive agent, against a fake Power Automate trigger and Azurite (in this process):
//   direct    the event posted straight to the fake flow (the baseline);
//   function  the relay's own ingress function (createRelay, from source) forwarding it;
//   host      HTTP ingress through the built bundle's @azure/functions registration, invoked as the
//             Functions worker does (test/relay/support/functions-host.ts): RPC request → HttpRequest
//             → registered handler → HttpResponse → RPC; the host's own HTTP server, key check and
//             gRPC hop are not included;
//   queued    the same through the registration while the flow answers 429 (Retry-After 3600):
//             the event is written to Azurite's queue and the caller gets 202 queued.
// The order of the four rotates from round to round.
// Bounded: WARMUP + ROUNDS rounds (at most 5000), loopback only. Prints the conditions with the figures.
// Usage: npm run bench:relay [-- --rounds 500]
const https = require("node:https");
const os = require("node:os");
const { mkdtempSync, rmSync } = require("node:fs");
const { join } = require("node:path");
const { parseArgsOrExit } = require("../args");
const { loadRelayHarness } = require("./relay-harness");
const { buildRelay } = require("../build/relay");

const usage = "usage: npm run bench:relay [-- --rounds 500]";
const { values: args } = parseArgsOrExit(usage, { rounds: { type: "string", default: "500" } });
const ROUNDS = Number(args.rounds);
if (!Number.isInteger(ROUNDS) || ROUNDS < 1 || ROUNDS > 5000) {
  console.error(`--rounds: got "${args.rounds}"; expected a whole number from 1 to 5000\n${usage}`);
  process.exit(2);
}
const WARMUP = 50;

const { createRelay, createHttpsClient, FakeFlow, startAzurite, loadFunctionApp, testAgent } = loadRelayHarness(
  "bench-relay",
  { createRelay: "./relay/relay-app" },
);

const sorted = (xs) => [...xs].sort((a, b) => a - b);
const median = (xs) => {
  const s = sorted(xs);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const percentile = (xs, p) => sorted(xs)[Math.min(xs.length - 1, Math.ceil(p * xs.length) - 1)];
const ms = (n) => `${n.toFixed(3)} ms`;
const load = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(" ");

async function main() {
  const loadBefore = load();
  const bundleDir = mkdtempSync(join(os.tmpdir(), "bench-relay-"));
  const [flow, storage] = await Promise.all([FakeFlow.start(), startAzurite()]);
  const agent = testAgent();
  // The bundle's https client uses the default agent: here it trusts the test CA and resolves the test hosts.
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
    };
    const http = createHttpsClient(agent);
    const quiet = () => undefined;
    // Lines are still built and redacted; only the write is skipped.
    const relay = createRelay(env, { http, logSink: quiet });
    buildRelay({ outDir: bundleDir, quiet: true });
    const log = console.log;
    console.log = quiet; // the bundle's start-up line
    const host = loadFunctionApp(bundleDir, env, quiet);
    console.log = log;

    const body = JSON.stringify({
      userPrincipalName: "ann@contoso.test",
      displayName: "Ann",
      department: "Sales",
      manager: "bob@contoso.test",
      workflowRequestId: 4711,
    });
    const headers = new Map([["content-type", "application/json"]]);
    const bytes = Buffer.from(body, "utf8");
    const request = {
      headers: { get: (n) => headers.get(n) ?? null },
      arrayBuffer: async () => bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength),
    };
    const hostRequest = {
      method: "POST",
      path: "flows/create-user",
      params: { route: "create-user" },
      headers: { "content-type": "application/json" },
      body,
    };
    const url = new URL(flow.url);
    const queue = storage.queue("flow-events");

    const times = { direct: [], function: [], host: [], queued: [] };
    let round = 0;
    /** Times one request; each way answers 202 (delivered, or queued for "queued"). */
    const timed = async (name, run) => {
      const t = process.hrtime.bigint();
      const status = await run();
      const elapsed = Number(process.hrtime.bigint() - t) / 1e6;
      if (status !== 202) throw new Error(`${name}: answered ${status}, expected 202`);
      if (round >= WARMUP) times[name].push(elapsed);
    };
    const ways = [
      () =>
        timed(
          "direct",
          async () =>
            (
              await http({
                url,
                method: "POST",
                headers: { "content-type": "application/json" },
                body,
                timeoutMs: 10_000,
              })
            ).status,
        ),
      () => timed("function", async () => (await relay.flowEvent("create-user", request)).status),
      () => timed("host", async () => (await host.invokeHttp("flowEvent", hostRequest)).status),
      () => {
        flow.next({ status: 429, headers: { "retry-after": "3600" } });
        return timed("queued", async () => {
          const res = await host.invokeHttp("flowEvent", hostRequest);
          return JSON.parse(res.body).status === "queued" ? res.status : `${res.status} ${res.body}`;
        });
      },
    ];
    for (round = 0; round < WARMUP + ROUNDS; round++) {
      // The order rotates each round, so no way always follows the same one.
      for (let k = 0; k < ways.length; k++) await ways[(round + k) % ways.length]();
      flow.received.length = 0;
      if (round % 100 === 99) await queue.clearMessages();
    }

    const paired = (a, b) => times[a].map((t, i) => t - times[b][i]);
    const row = (label, xs) => `  ${label.padEnd(52)} median ${ms(median(xs))}, p95 ${ms(percentile(xs, 0.95))}`;
    console.log(
      `relay bench: ${ROUNDS} rounds after ${WARMUP} warm-up, the four ways in turn each round, the order rotating`,
    );
    console.log(
      `  Node ${process.version}, ${os.cpus().length} cores (${os.cpus()[0]?.model.trim() ?? "unknown"}), load average ${loadBefore} before, ${load()} after`,
    );
    console.log(
      `  https on loopback, keep-alive; Azurite in memory; event ${bytes.length} bytes (enriched with a department's site)`,
    );
    console.log(row("straight to the fake flow:", times.direct));
    console.log(row("the relay's own ingress function:", times.function));
    console.log(row("HTTP ingress through the registration (delivered):", times.host));
    console.log(row("HTTP ingress through the registration (queued):", times.queued));
    console.log(row("added by the relay's function (paired):", paired("function", "direct")));
    console.log(row("added by ingress through the registration (paired):", paired("host", "direct")));
    console.log(row("of which the registration's conversions (paired):", paired("host", "function")));
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
