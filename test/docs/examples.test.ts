/**
 * Every TypeScript example in README.md and docs/*.md that composes the package's constructs
 * passes the package's own security rules. Each one has a tested copy in test/docs/examples/ (so
 * `tsc` type-checks it against the real props); here the copy must be the same as its block, and
 * it is synthesized in a stack with the providers a consumer declares and the rule pack applied.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { DirectoryManagerFlow } from "../../constructs/directory-manager-flow";
import { AzapiProvider } from "../../constructs/providers/azapi";
import type { TerraformStack } from "../../constructs/providers/cdktf";
import { applySecurityRules, type SecurityRecord } from "../../constructs/security";
import { check, newStack } from "../security/support";
import { synthStack } from "../support/synth";

const { COPIES, docExamples, renderCopy } = require("../../scripts/docs/examples") as {
  COPIES: string;
  docExamples: () => {
    examples: { page: string; line: number; copy: string; text: string }[];
    fragments: { page: string; line: number }[];
  };
  renderCopy: (page: string, n: number, code: string) => string;
};

const ROOT = join(__dirname, "..", "..");
const { examples } = docExamples();

/** The example in a stack with azurerm, azuread, time and azapi declared, checked by the rule pack. */
function checkExample(example: (this: TerraformStack) => void): { record: SecurityRecord; stack: TerraformStack } {
  const stack = newStack("docs-example");
  new AzapiProvider(stack, "azapi", {});
  example.call(stack);
  applySecurityRules(stack);
  return { record: check(stack), stack };
}

describe("the docs' examples that compose constructs", () => {
  test("include the README's composite example", () => {
    expect(examples.map((e) => e.page)).toContain("README.md");
    expect(examples.find((e) => e.page === "README.md")!.text).toMatch(/new DirectoryManagerFlow\(this, /);
  });

  test("each has a tested copy equal to its block, and no copy is left over", () => {
    for (const e of examples) {
      const copy = join(ROOT, e.copy);
      const actual = existsSync(copy) ? readFileSync(copy, "utf8") : "(missing)";
      if (actual !== e.text)
        throw new Error(`${e.copy} is not the example at ${e.page}:${e.line}: run npm run docs:examples`);
    }
    const files = readdirSync(join(ROOT, COPIES)).map((f) => `${COPIES}/${f}`.split("\\").join("/"));
    expect(files.sort()).toEqual(examples.map((e) => e.copy).sort());
  });

  test.each(examples.map((e) => [`${e.page}:${e.line}`, e.copy]))(
    "%s synthesizes with no finding of the security rules",
    (_, copy) => {
      const { record, stack } = checkExample(
        (require(join(ROOT, copy)) as { default: (this: TerraformStack) => void }).default,
      );
      expect(record.status).toBe("checked");
      expect(record.findings.map((f) => `${f.ruleId} ${f.path}: ${f.problem}`)).toEqual([]);
      // Not a vacuous pass: the example declared Azure resources, and the rules saw them.
      expect(
        Object.keys(synthStack(stack).resource ?? {}).filter((t) => t.startsWith("azurerm_")).length,
      ).toBeGreaterThan(3);
    },
  );

  test("the check fails an example whose resources lack tags (as the README's once did)", () => {
    const { record } = checkExample(function (this: TerraformStack) {
      new DirectoryManagerFlow(this, "dm", { location: "westeurope", resourceGroupName: "identity-rg" });
    });
    expect(record.findings.filter((f) => f.ruleId === "DMF-TAGS").map((f) => f.path)).toEqual(
      expect.arrayContaining(["docs-example/dm/resource-group", "docs-example/dm/key-vault/vault"]),
    );
  });

  test("a block becomes the body of a function whose this is the stack, its imports on top", () => {
    const code = 'import { FlowRelay } from "directory-manager-flow";\n\nnew FlowRelay(this, "r", {\n  x: 1,\n});\n';
    expect(renderCopy("docs/x.md", 2, code).split("\n").slice(2)).toEqual([
      'import { FlowRelay } from "directory-manager-flow";',
      "",
      'export default function example(this: import("cdktf").TerraformStack): void {',
      '  new FlowRelay(this, "r", {',
      "    x: 1,",
      "  });",
      "}",
      "",
    ]);
  });
});
