/** pipeline:drift-result decides drift from the saved plan's resource_drift, not from the exit code. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT } from "./pipeline-files";
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { driftedResources } = require("../../scripts/pipeline/drift-result.js") as {
  driftedResources: (plan: unknown) => string[];
};

const plan = (name: string) =>
  JSON.parse(readFileSync(join(ROOT, "test", "fixtures", "terraform-refresh-only", name), "utf8")) as unknown;

test("the recorded plan Terraform exited 2 for has no drift; a resource_drift entry is drift", () => {
  expect(driftedResources(plan("clean-exit-2.plan.json"))).toEqual([]);
  expect(driftedResources(plan("drift.plan.json"))).toEqual([
    "update azurerm_key_vault.directory-manager-flow_key-vault_6FCF86E7",
  ]);
  expect(driftedResources({ resource_drift: [{ address: "a.b", change: { actions: ["no-op"] } }] })).toEqual([]);
});
