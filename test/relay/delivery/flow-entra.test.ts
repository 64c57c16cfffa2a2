/**
 * Entra mode (a route's "auth": "entra"): the relay asks its token source for Power Automate's
 * audience, sends the token as a bearer, never sends a sig, and refuses a configured URL that has
 * one; a missing token keeps the event for redelivery. Other routes are unchanged: no bearer.
 */
import { RELAY_QUEUES, RELAY_SETTINGS } from "../../../contract/relay-settings";
import { FLOW_ENTRA_AUDIENCE } from "../../../contract/flow-request";
import { queueLength } from "../support/azurite";
import { jsonRequest, useHarness, type Harness } from "../support/relay-harness";
import { readSettings } from "../../../relay/settings/settings";

let h: Harness;
useHarness((started) => (h = started));

const TOKEN = "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.test-token-SECRET";

/** Relay settings with create-user in Entra mode, its URL without the sig. */
function entraSettings(url = sigless()) {
  return {
    [RELAY_SETTINGS.routes]: JSON.stringify({
      "create-user": { displayName: "Create User", flowUrlSetting: "FLOW_URL_CREATE_USER", auth: "entra" },
    }),
    FLOW_URL_CREATE_USER: url,
  };
}

function sigless(): string {
  const url = new URL(h.flow.url);
  url.searchParams.delete("sig");
  return url.toString();
}

test("the relay asks for https://service.flow.microsoft.com/, sends the bearer token and no sig", async () => {
  const scopes: string[] = [];
  const relay = h.relay(entraSettings(), {
    flowToken: async (scope) => {
      scopes.push(scope);
      return TOKEN;
    },
  });
  const res = await relay.flowEvent("create-user", jsonRequest('{"department":"Sales"}'));
  expect(res.status).toBe(202);
  expect(scopes).toEqual([`${FLOW_ENTRA_AUDIENCE}/.default`]);
  expect(FLOW_ENTRA_AUDIENCE).toBe("https://service.flow.microsoft.com/");
  const [received] = h.flow.received;
  expect(received.headers.authorization).toBe(`Bearer ${TOKEN}`);
  expect(received.query.has("sig")).toBe(false);
  expect(h.logs.join("\n")).not.toContain("test-token-SECRET");
});

test("a route in sig mode sends no bearer token and never asks for one", async () => {
  const relay = h.relay({}, { flowToken: async () => Promise.reject(new Error("must not be called")) });
  expect((await relay.flowEvent("create-user", jsonRequest("{}"))).status).toBe(202);
  expect(h.flow.received[0].headers.authorization).toBeUndefined();
  expect(h.flow.received[0].query.has("sig")).toBe(true);
});

test("no token (the identity endpoint is down): the event is queued for redelivery, not lost and not sent", async () => {
  const relay = h.relay(entraSettings(), {
    flowToken: async () => Promise.reject(new Error("ManagedIdentityCredential: unavailable")),
  });
  const res = await relay.flowEvent("create-user", jsonRequest("{}"));
  expect([res.status, JSON.parse(res.body).status]).toEqual([202, "queued"]);
  expect(h.flow.received).toEqual([]);
  expect(await queueLength(h.storage.queue(RELAY_QUEUES.flowEvents))).toBe(1);
});

test("settings: an Entra-mode URL with a sig, or an unknown auth mode, is a configuration problem", () => {
  const problems = (settings: Record<string, string>) => {
    const read = readSettings(h.env(settings));
    return read.ok ? [] : read.problems.map((p) => `${p.setting}: ${p.message}`);
  };
  expect(problems(entraSettings(h.flow.url))).toEqual([
    expect.stringMatching(
      /^FLOW_URL_CREATE_USER: .*must not carry a sig parameter when the route's "auth" is "entra"$/,
    ),
  ]);
  expect(problems(entraSettings())).toEqual([]);
  const other = JSON.stringify({
    "create-user": { displayName: "C", flowUrlSetting: "FLOW_URL_CREATE_USER", auth: "basic" },
  });
  expect(problems({ [RELAY_SETTINGS.routes]: other })).toEqual([
    expect.stringContaining('has "auth" "basic"; expected "sig" or "entra"'),
  ]);
});
