/**
 * docs/deploying.md's workstation commands register the resource providers the stacks use, because
 * they run with ARM_RESOURCE_PROVIDER_REGISTRATIONS=none: the same list the bootstrap registers for
 * the pipelines (DEPLOY_RESOURCE_PROVIDERS), so an empty subscription works from either path.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { DEPLOY_RESOURCE_PROVIDERS } from "../../constructs/pipeline/deploy-roles";

const doc = readFileSync(join(__dirname, "..", "..", "docs", "deploying.md"), "utf8");

test("the provider-registration loop lists exactly the bootstrap's providers", () => {
  const loop = /^for p in ([^;]+); do\n\s+az provider register --namespace "\$p"/m.exec(doc);
  expect(loop).not.toBeNull();
  expect(loop![1].trim().split(/\s+/).sort()).toEqual([...DEPLOY_RESOURCE_PROVIDERS].sort());
  // The loop comes before the deploy turns registration off.
  expect(doc.indexOf(loop![0])).toBeLessThan(doc.indexOf("export ARM_RESOURCE_PROVIDER_REGISTRATIONS=none"));
});
