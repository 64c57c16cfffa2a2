/**
 * TLS for the loopback test servers, kept honest: a throwaway CA and server certificate made with
 * openssl once per run (test/support/test-certificates.js), and an https.Agent that trusts only
 * that CA and resolves only the test host names, to 127.0.0.1. The relay's production path (https
 * only, allowed host suffixes, public CAs, real DNS) is unchanged; tests inject this agent the way
 * production injects none.
 */
import { Agent } from "node:https";
import type { LookupFunction } from "node:net";

export interface TestTls {
  readonly ca: string;
  readonly key: string;
  readonly cert: string;
}

// Plain JavaScript, so the global setup can make the certificates once per run.
const certificates = require("../../support/test-certificates") as {
  FLOW_HOST: string;
  DIRECTORY_MANAGER_HOST: string;
  TEST_HOSTS: readonly string[];
  testCertificates(): TestTls;
};

/** A flow host on the default allowed suffix, and Directory Manager's host. */
export const FLOW_HOST = certificates.FLOW_HOST;
export const DIRECTORY_MANAGER_HOST = certificates.DIRECTORY_MANAGER_HOST;
const TEST_HOSTS = certificates.TEST_HOSTS;

let cached: TestTls | undefined;

export function testTls(): TestTls {
  cached ??= certificates.testCertificates();
  return cached;
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
