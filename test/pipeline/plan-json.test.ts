const { checkApproval, comparePlans, maskSensitive, redactPlan } = require("../../scripts/pipeline/plan-json.js") as {
  checkApproval: (approvedFor: Obj, expected: { commit: string; environment: string }) => void;
  comparePlans: (approved: Plan, current: Plan, options?: { runnerIps?: string[] }) => string[];
  maskSensitive: (value: unknown, sensitivity: unknown) => unknown;
  redactPlan: (plan: unknown) => Plan;
};

type Obj = Record<string, any>;
interface Plan {
  resource_changes: Obj[];
}

const VAULT = "azurerm_key_vault.kv";
const vault = (ipRules: string[], extra: Obj = {}) => ({
  name: "dmflow-prod-kv",
  network_acls: [{ default_action: "Deny", bypass: "AzureServices", ip_rules: ipRules }],
  ...extra,
});
const change = (address: string, actions: string[], before: unknown, after: unknown, more: Obj = {}) => {
  const [type, name] = address.split(".");
  return {
    address,
    mode: "managed",
    type,
    name,
    change: { actions, before, after, after_unknown: {}, before_sensitive: {}, after_sensitive: {}, ...more },
  };
};
const secret = (actions: string[], before: string | null, after: string) =>
  change(
    "azurerm_key_vault_secret.flow",
    actions,
    before === null ? null : { name: "flow-url-create-user", value: before },
    { name: "flow-url-create-user", value: after },
    { before_sensitive: before === null ? false : { value: true }, after_sensitive: { value: true } },
  );
const plan = (...changes: Obj[]) => ({
  format_version: "1.2",
  terraform_version: "1.12.2",
  variables: { flow_request_url_create_user: { value: "https://x/?sig=SECRET" } },
  prior_state: { values: { secret: "SECRET" } },
  resource_changes: changes,
});

const OFFICE = "198.51.100.0/24";
const PLAN_STATE_RUNNER = "203.0.113.10/32"; // left in the state by the previous deploy
const DEPLOY_RUNNER = "203.0.113.77";

describe("plan-json redact: what the approved-plan artifact may hold", () => {
  test("resource changes only: no variables, no prior state, every sensitive value masked", () => {
    const redacted = redactPlan(plan(secret(["update"], "https://old?sig=OLDSECRET", "https://new?sig=NEWSECRET")));
    const text = JSON.stringify(redacted);
    expect(Object.keys(redacted).sort()).toEqual(["format_version", "resource_changes", "terraform_version"]);
    expect(text).not.toMatch(/SECRET/);
    expect(redacted.resource_changes[0].change).toMatchObject({
      actions: ["update"],
      before: { value: "(sensitive)" },
      after: { value: "(sensitive)", name: "flow-url-create-user" },
    });
  });

  test("masks nested parts and list items as Terraform marks them, leaves null alone", () => {
    expect(
      maskSensitive({ a: [{ k: "x" }, { k: "y" }], b: "open", c: null }, { a: [{ k: true }, {}], c: true }),
    ).toEqual({ a: [{ k: "(sensitive)" }, { k: "y" }], b: "open", c: null });
    expect(maskSensitive("whole", true)).toBe("(sensitive)");
  });

  test("refuses what is not a plan", () => {
    expect(() => redactPlan({ resource_changes: "x" })).toThrow(/not a Terraform JSON plan/);
  });
});

describe("plan-json compare: the deploy applies only what was approved", () => {
  const approvedVault = change(VAULT, ["update"], vault([OFFICE, PLAN_STATE_RUNNER]), vault([OFFICE])); // the last runner's rule goes
  const deployVault = change(
    VAULT,
    ["no-op"],
    vault([OFFICE, `${DEPLOY_RUNNER}/32`]),
    vault([OFFICE, `${DEPLOY_RUNNER}/32`]),
  ); // refreshed: this runner is in

  test("the same changes, with the runner's firewall rule and a placeholder secret on either side, pass", () => {
    const create = change("azurerm_storage_queue.q", ["create"], null, { name: "flow-events" });
    const approved = redactPlan(plan(approvedVault, secret(["update"], "real", "placeholder"), create));
    const current = redactPlan(plan(deployVault, secret(["no-op"], "real", "real"), create));
    expect(comparePlans(approved, current, { runnerIps: [DEPLOY_RUNNER] })).toEqual([]);
  });

  test("a firewall change beyond the runner's rule is refused", () => {
    const approved = redactPlan(plan(approvedVault));
    const widened = change(
      VAULT,
      ["update"],
      vault([OFFICE, `${DEPLOY_RUNNER}/32`]),
      vault([OFFICE, "0.0.0.0/0", `${DEPLOY_RUNNER}/32`]),
    );
    expect(comparePlans(approved, redactPlan(plan(widened)), { runnerIps: [DEPLOY_RUNNER] })).toEqual([
      `${VAULT}: approved no-op, now update`,
    ]);
    // Without knowing the runner, its own rule is a difference too.
    const differences = comparePlans(
      approved,
      redactPlan(plan(change(VAULT, ["update"], vault([OFFICE]), vault([OFFICE, `${DEPLOY_RUNNER}/32`])))),
    );
    expect(differences).toEqual([`${VAULT}: approved no-op, now update`]);
  });

  test("an approved change to the configured ranges passes when the deploy makes the same change", () => {
    const approved = redactPlan(plan(change(VAULT, ["update"], vault([OFFICE, PLAN_STATE_RUNNER]), vault([]))));
    const current = redactPlan(
      plan(change(VAULT, ["update"], vault([OFFICE, `${DEPLOY_RUNNER}/32`]), vault([`${DEPLOY_RUNNER}/32`]))),
    );
    expect(comparePlans(approved, current, { runnerIps: [DEPLOY_RUNNER] })).toEqual([]);
  });

  test("another vault setting that drifted since the plan is refused", () => {
    const current = redactPlan(
      plan(
        change(
          VAULT,
          ["update"],
          vault([OFFICE, `${DEPLOY_RUNNER}/32`], { purge_protection_enabled: false }),
          vault([OFFICE, `${DEPLOY_RUNNER}/32`], { purge_protection_enabled: true }),
        ),
      ),
    );
    expect(comparePlans(redactPlan(plan(approvedVault)), current, { runnerIps: [DEPLOY_RUNNER] })).toEqual([
      `${VAULT}: approved no-op, now update`,
    ]);
  });

  test("a resource planned only now, or only then, and a different action or value are each named", () => {
    const app = (actions: string[], sku: string) =>
      change("azurerm_service_plan.plan", actions, { sku_name: "FC1" }, { sku_name: sku });
    const approved = redactPlan(
      plan(app(["update"], "FC2"), change("azurerm_storage_queue.gone", ["delete"], { name: "q" }, null)),
    );
    const current = redactPlan(
      plan(app(["update"], "FC3"), change("azuread_group.new", ["create"], null, { display_name: "Sales" })),
    );
    expect(comparePlans(approved, current).sort()).toEqual([
      "azuread_group.new: create now, but not in the approved plan",
      "azurerm_service_plan.plan: update with other values at after.sku_name",
      "azurerm_storage_queue.gone: in the approved plan, but not planned now",
    ]);
    expect(
      comparePlans(
        approved,
        redactPlan(
          plan(app(["delete", "create"], "FC2"), change("azurerm_storage_queue.gone", ["delete"], { name: "q" }, null)),
        ),
      ),
    ).toEqual(["azurerm_service_plan.plan: approved update, now delete, create"]);
  });

  test("a no-op whose refreshed values moved is still a no-op (nothing of it is applied)", () => {
    const approved = redactPlan(plan(change("azurerm_linux_function_app.f", ["no-op"], { ip: "1" }, { ip: "1" })));
    const current = redactPlan(plan(change("azurerm_linux_function_app.f", ["no-op"], { ip: "2" }, { ip: "2" })));
    expect(comparePlans(approved, current)).toEqual([]);
  });
});

describe("plan-json check-approval: the plan of this commit and environment only", () => {
  test("accepts its own, refuses another commit's or another environment's", () => {
    const approvedFor = { commit: "abc123", environment: "prod", run: "1" };
    expect(() => checkApproval(approvedFor, { commit: "abc123", environment: "prod" })).not.toThrow();
    expect(() => checkApproval(approvedFor, { commit: "def456", environment: "prod" })).toThrow(
      /the approved plan is for prod at abc123, not prod at def456; nothing was applied/,
    );
    expect(() => checkApproval(approvedFor, { commit: "abc123", environment: "dev" })).toThrow(/not dev at abc123/);
  });
});
