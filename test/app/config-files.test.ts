import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ENVIRONMENT_NAME, listConfigFiles } from "../../constructs/app/config-files";
import { makeTempDir } from "../support/temp-dirs";

describe("which files in config/ are environments", () => {
  test("<environment>.json files are; notes, editor schemas and hidden files are left alone; near-misses are problems", () => {
    const dir = makeTempDir("dmflow-files-");
    for (const name of ["dev.json", "prod.JSON", "README.md", "config.schema.json", ".gitkeep", "staging.json.txt"])
      writeFileSync(join(dir, name), "{}");
    const { files, problems } = listConfigFiles(dir);
    expect(files.map((f) => f.name)).toEqual(["dev"]);
    expect(problems).toEqual([
      expect.stringMatching(/prod\.JSON: .*; expected .*rename it to prod\.json/),
      expect.stringMatching(/staging\.json\.txt: .*rename it to staging\.json/),
    ]);
  });

  test("environment names: single hyphens, no trailing hyphen, at most 20 characters", () => {
    expect(["dev", "prod-eu-1", "a".repeat(20)].filter((n) => ENVIRONMENT_NAME.test(n))).toHaveLength(3);
    expect(
      ["eu--west", "dev-", "a".repeat(21), "Prod", "1dev", "dev_eu"].filter((n) => ENVIRONMENT_NAME.test(n)),
    ).toEqual([]);
  });

  test("the pipeline's environment list uses the same rule", () => {
    const script = readFileSync(join(__dirname, "..", "..", "scripts", "pipeline", "environments.js"), "utf8");
    expect(script).toContain(`const ENVIRONMENT_NAME = /${ENVIRONMENT_NAME.source}/;`);
  });
});
