/**
 * Entra mode through the stack: a route with "auth": "entra" in config/<env>.json reaches the
 * relay's RELAY_ROUTES, its flow URL variable accepts only a URL without a sig (the other routes
 * still require one), and the relay identity's object id is an output for the flow's trigger.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { relaySite, siteAppSettings, synthEnvironment } from "../support/synth";

const example = JSON.parse(readFileSync(join(__dirname, "..", "..", "config", "example.json"), "utf8"));
const config = {
  ...example,
  flowEnvironment: {
    ...example.flowEnvironment,
    routes: {
      "create-user": { ...example.flowEnvironment.routes["create-user"], auth: "entra" },
      "delete-group": { displayName: "Delete Group", flowRequestUrl: { source: "variable" } },
    },
  },
};
const { json } = synthEnvironment(config, "example");

const BASE =
  "https://contoso.01.environment.api.powerplatform.com:443/powerautomate/automations/direct/workflows/0a1b/triggers/manual/paths/invoke?api-version=1";

/** Evaluates a variable's validation condition (can(regex(…)) terms joined by &&, ! for not) on a value. */
function accepts(variable: string, value: string): boolean {
  const [validation] = (json.variable as Record<string, { validation: { condition: string }[] }>)[variable].validation;
  const terms = validation.condition.replace(/^\$\{|\}$/g, "").split(" && ");
  return terms.every((term) => {
    const m = /^(!?)can\(regex\("((?:[^"\\]|\\.)*)", var\.\w+\)\)$/.exec(term.trim());
    if (!m) throw new Error(`unexpected condition term: ${term}`);
    const matched = new RegExp(m[2].replace(/\\(.)/g, "$1")).test(value);
    return m[1] === "!" ? !matched : matched;
  });
}

test("RELAY_ROUTES carries auth: entra for that route only", () => {
  const settings = siteAppSettings(relaySite(json)[1]);
  expect(JSON.parse(settings.RELAY_ROUTES)).toEqual({
    "create-user": { displayName: "Create User", flowUrlSetting: "FLOW_URL_CREATE_USER", auth: "entra" },
    "delete-group": { displayName: "Delete Group", flowUrlSetting: "FLOW_URL_DELETE_GROUP" },
  });
});

test("the Entra route's URL variable takes a URL without sig and refuses one with it; the sig route the reverse", () => {
  const withSig = `${BASE}&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig=AbC123`;
  expect(accepts("flow_request_url_create_user", BASE)).toBe(true);
  expect(accepts("flow_request_url_create_user", withSig)).toBe(false);
  expect(accepts("flow_request_url_create_user", BASE.replace("https://", "http://"))).toBe(false);
  expect(accepts("flow_request_url_create_user", "https://evil.example.com/x")).toBe(false);
  expect(accepts("flow_request_url_delete_group", withSig)).toBe(true);
  expect(accepts("flow_request_url_delete_group", BASE)).toBe(false);
});

test("the relay identity's object id is an output (no secret)", () => {
  const output = (json.output as Record<string, { value: string }>).relay_identity_principal_id;
  expect(output.value).toMatch(/^\$\{azurerm_user_assigned_identity\.[\w-]+\.principal_id\}$/);
});

test("a route auth other than sig or entra stops synth naming the field", () => {
  const bad = {
    ...config,
    flowEnvironment: {
      ...config.flowEnvironment,
      routes: { "create-user": { ...config.flowEnvironment.routes["create-user"], auth: "oauth" } },
    },
  };
  expect(() => synthEnvironment(bad, "example")).toThrow(
    /field "flowEnvironment\.routes\.create-user\.auth": got "oauth"; expected "sig" \(the default\) or "entra"/,
  );
});
