/**
 * Keys per side (docs/relay.md's threat model): Directory Manager gets the flowEvent function's
 * key, flows the decision function's. No pipeline, script or page may fetch or show the app-wide
 * host key, which opens every function: the flow-template import step once did.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT } from "./pipeline-files";

const HOST_KEY = /az functionapp keys list|functionKeys\.default|host\/default\/listkeys/i;

const filesIn = (dir: string, ext: RegExp): string[] =>
  readdirSync(join(ROOT, dir), { recursive: true, encoding: "utf8" })
    .filter((name) => ext.test(name))
    .map((name) => join(dir, name));

test("no workflow, pipeline, script, CLI source or doc page fetches the app-wide host key", () => {
  const files = [
    ...filesIn(".github/workflows", /\.ya?ml$/),
    ...filesIn("pipelines", /\.ya?ml$/),
    ...filesIn("scripts", /\.(js|ts)$/),
    ...filesIn("cli", /\.ts$/),
    ...filesIn("docs", /\.md$/).filter((f) => !f.startsWith(join("docs", "api"))),
    "README.md",
  ];
  expect(files.length).toBeGreaterThan(40);
  const offenders = files.filter((f) => HOST_KEY.test(readFileSync(join(ROOT, f), "utf8")));
  expect(offenders).toEqual([]);
});
