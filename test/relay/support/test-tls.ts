/**
 * TLS for the loopback test servers, kept honest: a throwaway CA and server certificate made with
 * openssl when the tests start, and an https.Agent that trusts only that CA and resolves only the
 * test host names, to 127.0.0.1. The relay's production path (https only, allowed host suffixes,
 * public CAs, real DNS) is unchanged; tests inject this agent the way production injects none.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { Agent } from "node:https";
import type { LookupFunction } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** A flow host on the default allowed suffix, and Directory Manager's host. */
export const FLOW_HOST = "relay-test.01.environment.api.powerplatform.com";
export const DIRECTORY_MANAGER_HOST = "dm.relay.test";
const TEST_HOSTS = [FLOW_HOST, DIRECTORY_MANAGER_HOST];

export interface TestTls {
  readonly ca: string;
  readonly key: string;
  readonly cert: string;
}

let cached: TestTls | undefined;

export function testTls(): TestTls {
  if (cached) return cached;
  const dir = mkdtempSync(join(tmpdir(), "relay-tls-"));
  try {
    const run = (...args: string[]) => execFileSync("openssl", args, { cwd: dir, stdio: "pipe" });
    run(
      "req",
      "-x509",
      "-newkey",
      "rsa:2048",
      "-nodes",
      "-keyout",
      "ca.key",
      "-out",
      "ca.pem",
      "-days",
      "1",
      "-subj",
      "/CN=relay test CA",
    );
    run(
      "req",
      "-newkey",
      "rsa:2048",
      "-nodes",
      "-keyout",
      "server.key",
      "-out",
      "server.csr",
      "-subj",
      `/CN=${FLOW_HOST}`,
    );
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
    cached = {
      ca: readFileSync(join(dir, "ca.pem"), "utf8"),
      key: readFileSync(join(dir, "server.key"), "utf8"),
      cert: readFileSync(join(dir, "server.pem"), "utf8"),
    };
    return cached;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Resolves the test host names to loopback and nothing else, so no test can reach the internet. */
const loopbackLookup: LookupFunction = (hostname, options, callback) => {
  if (!TEST_HOSTS.includes(hostname)) {
    const error = Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname} (tests resolve only the test hosts)`), {
      code: "ENOTFOUND",
    });
    callback(error, "", 4);
    return;
  }
  if (options.all)
    (callback as unknown as (e: null, a: { address: string; family: number }[]) => void)(null, [
      { address: "127.0.0.1", family: 4 },
    ]);
  else callback(null, "127.0.0.1", 4);
};

/** An agent that trusts the test CA only; destroy it after the tests so no socket stays open. */
export function testAgent(): Agent {
  return new Agent({ ca: testTls().ca, lookup: loopbackLookup, keepAlive: true });
}
