import { describeRuleCases, reportedBy, resource, status } from "../support";
import { plan } from "./fixtures";

const app = resource("azurerm_linux_function_app", { https_only: true });

describeRuleCases(
  [
    [
      "DMF-PLAN-ZONE-REDUNDANT",
      "zone balancing off",
      plan({ zone_balancing_enabled: false }),
      plan(),
      /zone_balancing_enabled is false/,
    ],
    ["DMF-PLAN-WORKER-COUNT", "one worker", plan({ worker_count: 1 }), plan(), /worker_count is 1/],
  ],
  app,
);

// From Checkov's code: CKV_AZURE_225 expects zone_balancing_enabled true (omitted fails); CKV_AZURE_212 an integer worker_count > 1
// (omitted fails, a non-integer is unknown).
describe("service plan rules read each attribute as Checkov does", () => {
  test("omitted attributes fail, with the Checkov id", () => {
    expect(reportedBy("DMF-PLAN-ZONE-REDUNDANT", plan({ zone_balancing_enabled: undefined }))).toEqual([
      "CKV_AZURE_225",
    ]);
    expect(reportedBy("DMF-PLAN-WORKER-COUNT", plan({ worker_count: undefined }))).toEqual(["CKV_AZURE_212"]);
  });
  test("a worker count known only at plan is unknown", () => {
    expect(status("DMF-PLAN-WORKER-COUNT", plan({ worker_count: "${var.workers}" }))).toBe("unknown");
  });
});
