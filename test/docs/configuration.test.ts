import { readFileSync } from "node:fs";
import { join } from "node:path";
import { environmentConfigSchema } from "../../constructs/app/config-schema";

/** Every field path of a zod object schema, parents before children. */
function fieldPaths(schema: unknown, prefix = ""): string[] {
  let current = schema as { _zod?: { def: Record<string, any> } };
  for (;;) {
    const def = current?._zod?.def;
    if (!def) return [];
    if (["optional", "default", "prefault", "nullable", "readonly"].includes(def.type)) current = def.innerType;
    else if (def.type === "pipe") current = def.in;
    else if (def.type === "object") {
      return Object.entries(def.shape).flatMap(([key, child]) => {
        const path = prefix ? `${prefix}.${key}` : key;
        return [path, ...fieldPaths(child, path)];
      });
    } else return [];
  }
}

const doc = (name: string) => readFileSync(join(__dirname, "..", "..", "docs", name), "utf8");
const configuration = doc("configuration.md");
const flowEnvironment = doc("flow-environment.md");

/** Where the docs document a field: docs/configuration.md, or the flow environment's own table in docs/flow-environment.md. */
function documented(path: string): boolean {
  if (configuration.includes(`\`${path}\``)) return true;
  const [head, ...rest] = path.split(".");
  if (head === "flowEnvironment" && rest.length === 1) {
    // A row of the flow environment's field table whose first cell names the field.
    return flowEnvironment
      .split("\n")
      .some((line) => line.startsWith("| ") && line.split("|")[1].includes(`\`${rest[0]}\``));
  }
  if (path.startsWith("directoryManagerApp.delegatedPermissions."))
    return configuration.includes(`(\`${rest[rest.length - 1]}\`)`);
  return false;
}

describe("docs/configuration.md: the configuration reference", () => {
  const paths = fieldPaths(environmentConfigSchema).filter((p) => p !== "$schema");

  test("the schema walk finds the fields (guards the walk itself)", () => {
    expect(paths).toEqual(
      expect.arrayContaining([
        "location",
        "relay.decisions.credentialsSource",
        "flowEnvironment.orgCode",
        "directoryManagerApp.clientSecret.lifetimeDays",
      ]),
    );
  });

  test("documents every config field (a parent counts when one of its fields is documented)", () => {
    const undocumented = paths.filter(
      (p) => !documented(p) && !paths.some((q) => q.startsWith(`${p}.`) && documented(q)),
    );
    expect(undocumented).toEqual([]);
  });

  test("documents no field the schema does not have", () => {
    const named = [...configuration.matchAll(/^\| `([a-zA-Z.]+)`/gm)].map((m) => m[1]);
    const known = new Set(paths.flatMap((p) => [p, p.split(".").slice(0, -1).join(".")]));
    expect(named.filter((n) => !known.has(n) && !n.includes(",") && n !== "flowEnvironment")).toEqual([]);
  });
});
