#!/usr/bin/env node
// Median latency the relay adds to a pass-through forward: the same event posted (a) straight to
// the fake Power Automate trigger and (b) through the relay's ingress function, alternately, over
// https on loopback with a keep-alive agent. (b) includes the relay's own work (body checks,
// enrichment, correlation id, logging line) but not the Functions host or the network hop to it.
// Bounded: WARMUP + ROUNDS pairs (at most 5000), loopback only.
// Usage: npm run bench:relay [-- --rounds 500]
const { join } = require("node:path");
const { parseArgsOrExit } = require("../args");
const { transpileForNode } = require("../build/transpile");

const root = join(__dirname, "..", "..");
const usage = "usage: npm run bench:relay [-- --rounds 500]";
const { values: args } = parseArgsOrExit(usage, { rounds: { type: "string", default: "500" } });
const ROUNDS = Number(args.rounds);
if (!Number.isInteger(ROUNDS) || ROUNDS < 1 || ROUNDS > 5000) {
  console.error(`--rounds: got "${args.rounds}"; expected a whole number from 1 to 5000\n${usage}`);
  process.exit(2);
}
const WARMUP = 50;

// Transpile the relay and the test servers once (no type checking), as scripts/app.js does.
// Written under .build/ (ignored by git) so its external packages resolve from node_modules.
const outfile = join(root, ".build", "bench-relay.js");
transpileForNode({
  stdin: {
    contents: `
      export { createRelay } from "./relay/relay-app";
      export { createHttpsClient } from "./relay/delivery/http-client";
      export { FakeFlow } from "./test/relay/support/fake-flow";
      export { testAgent } from "./test/relay/support/test-tls";`,
    resolveDir: root,
    loader: "ts",
  },
}, outfile);
const { createRelay, createHttpsClient, FakeFlow, testAgent } = require(outfile);

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const percentile = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))];

async function main() {
  const flow = await FakeFlow.start();
  flow.otherwise({ status: 202, body: '{"accepted":true}' });
  const agent = testAgent();
  const http = createHttpsClient(agent);
  const relay = createRelay(
    {
      RELAY_ROUTES: JSON.stringify({ "create-user": { displayName: "Create User", flowUrlSetting: "FLOW_URL_CREATE_USER" } }),
      FLOW_URL_CREATE_USER: flow.url,
      RELAY_DEPARTMENTS: JSON.stringify({ Sales: { siteUrl: "https://contoso.sharepoint.com/sites/sales" } }),
      AzureWebJobsStorage: "UseDevelopmentStorage=true",
    },
    {
      http,
      logSink: () => undefined, // lines are still built and redacted; only the write is skipped
      queues: { send: async () => { throw new Error("the bench expects every forward to succeed"); } },
    },
  );
  const body = JSON.stringify({ userPrincipalName: "ann@contoso.test", displayName: "Ann", department: "Sales", manager: "bob@contoso.test" });
  const headers = new Map([["content-type", "application/json"]]);
  const request = { headers: { get: (n) => headers.get(n) ?? null }, text: async () => body };
  const url = new URL(flow.url);

  const direct = [];
  const viaRelay = [];
  for (let i = 0; i < WARMUP + ROUNDS; i++) {
    let t = process.hrtime.bigint();
    const a = await http({ url, method: "POST", headers: { "content-type": "application/json" }, body, timeoutMs: 10_000 });
    const d = Number(process.hrtime.bigint() - t) / 1e6;
    t = process.hrtime.bigint();
    const b = await relay.flowEvent("create-user", request);
    const r = Number(process.hrtime.bigint() - t) / 1e6;
    if (a.status !== 202 || b.status !== 202) throw new Error(`unexpected answers ${a.status}/${b.status}`);
    if (i >= WARMUP) {
      direct.push(d);
      viaRelay.push(r);
    }
    flow.received.length = 0;
  }
  const added = viaRelay.map((r, i) => r - direct[i]);
  const f = (n) => `${n.toFixed(3)} ms`;
  console.log(`relay bench (${ROUNDS} pairs after ${WARMUP} warm-up, Node ${process.version}, https loopback, keep-alive):`);
  console.log(`  straight to the fake flow: median ${f(median(direct))}, p90 ${f(percentile(direct, 0.9))}`);
  console.log(`  through the relay:         median ${f(median(viaRelay))}, p90 ${f(percentile(viaRelay, 0.9))}`);
  console.log(`  added by the relay:        median ${f(median(added))} (paired), difference of medians ${f(median(viaRelay) - median(direct))}`);
  agent.destroy();
  await flow.close();
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
