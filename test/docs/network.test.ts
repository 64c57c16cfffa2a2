// docs/network.md says what the code does: the defaults and limits of the relay's network, the
// zones and service endpoints it uses, and the deploy steps that open and close the firewalls,
// named as the pipeline files name them.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import {
  AZURE_RESERVED_RANGES,
  DEFAULT_ADDRESS_SPACE,
  FLEX_SUBNET_MAX_PREFIX,
  PRIVATE_DNS_ZONES,
} from "../../constructs/flow-relay/network-props";
import { FLEX_SUBNET_DELEGATION, SERVICE_ENDPOINTS } from "../../constructs/flow-relay/network";
import { file, stepsOf } from "../pipeline/pipeline-files";

const doc = readFileSync(join(__dirname, "..", "..", "docs", "network.md"), "utf8");
const section = (heading: string) => {
  const start = doc.indexOf(`\n## ${heading}`);
  if (start < 0) throw new Error(`docs/network.md has no section "${heading}"`);
  const end = doc.indexOf("\n## ", start + 1);
  return doc.slice(start, end < 0 ? undefined : end);
};
/** The "quoted" step names of a passage. */
const quotedNames = (text: string) => [...text.matchAll(/"([^"]+)"/g)].map((m) => m[1].replace(/\s+/g, " "));

describe("docs/network.md", () => {
  test("states the defaults, the Flex minimum, the delegation, the service endpoints and the zones the code uses", () => {
    expect(doc).toContain(`default \`${DEFAULT_ADDRESS_SPACE}\``);
    expect(doc).toContain(`at least **/${FLEX_SUBNET_MAX_PREFIX}**`);
    expect(doc).toContain(`\`${FLEX_SUBNET_DELEGATION}\``);
    for (const endpoint of SERVICE_ENDPOINTS) expect(doc).toContain(`\`${endpoint}\``);
    for (const zone of Object.values(PRIVATE_DNS_ZONES)) expect(section("The options")).toContain(`\`${zone}\``);
    for (const range of AZURE_RESERVED_RANGES) expect(section("The options")).toContain(`\`${range}\``);
  });

  test("names the GitHub Actions deploy steps that open and close the firewalls, in the workflow's order", () => {
    const steps = (
      file(".github/workflows/cdktf-deploy.yml").doc.jobs as Record<string, { steps: { name?: string; if?: string }[] }>
    ).deploy.steps;
    const text = section("Opening the firewalls for a deploy");
    const github = text.slice(text.indexOf("GitHub Actions"), text.indexOf("Azure DevOps ("));
    const named = quotedNames(github).map((name) => {
      const index = steps.findIndex((s) => s.name === name);
      expect([name, index >= 0]).toEqual([name, true]);
      return index;
    });
    expect(named).toEqual([...named].sort((a, b) => a - b));
    const closing = steps.filter((s) => /^Close /.test(s.name ?? ""));
    expect(closing.map((s) => s.name)).toEqual(quotedNames(github).filter((n) => n.startsWith("Close ")));
    for (const step of closing) expect([step.name, step.if]).toEqual([step.name, expect.stringMatching(/^always\(\)/)]);
  });

  test("names the Azure DevOps steps that do it", () => {
    const text = section("Opening the firewalls for a deploy");
    const names = quotedNames(text.slice(text.indexOf("Azure DevOps (")));
    const displayNames = stepsOf(file("pipelines/deploy-steps.yml").doc).map(({ step }) =>
      String((step as Record<string, any>).displayName ?? (step as Record<string, any>).parameters?.displayName ?? ""),
    );
    for (const name of names)
      expect([
        name,
        displayNames.some((d) => d.replace("${{ parameters.environment }}", "<environment>") === name),
      ]).toEqual([name, true]);
  });
});
