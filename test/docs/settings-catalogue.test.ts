import { readFileSync } from "node:fs";
import { join } from "node:path";
import { type Limit, RELAY_LIMITS } from "../../contract/relay-limits";
import { SETTING_BOUNDS, SETTING_CHOICES, SETTING_DEFAULTS } from "../../constructs/settings-bounds";

// The catalogue (SETTING_BOUNDS, RELAY_LIMITS) is the one place of each default and range; the
// docs tables and the props' JSDoc say them again for readers, and must say the same.

const root = join(__dirname, "..", "..");
const read = (file: string) => readFileSync(join(root, file), "utf8");

/** Where each catalogued setting is documented: doc rows by their first cell, props by file and name. */
const WHERE: Record<string, { docs: [file: string, field: string][]; props: [file: string, prop: string][] }> = {
  roleWaitSeconds: {
    docs: [["docs/configuration.md", "roleWaitSeconds"]],
    props: [
      ["constructs/flow-relay/props.ts", "roleWaitSeconds"],
      ["constructs/secure-key-vault.ts", "roleWaitSeconds"],
      ["constructs/directory-manager-flow.ts", "roleWaitSeconds"],
    ],
  },
  keyVaultSoftDeleteRetentionDays: {
    docs: [["docs/configuration.md", "keyVault.softDeleteRetentionDays"]],
    props: [
      ["constructs/secure-key-vault.ts", "softDeleteRetentionDays"],
      ["constructs/directory-manager-flow.ts", "keyVaultSoftDeleteRetentionDays"],
    ],
  },
  flowUrlSecretLifetimeDays: {
    docs: [["docs/flow-environment.md", "flowUrlSecretLifetimeDays"]],
    props: [["constructs/flow-environment/props.ts", "flowUrlSecretLifetimeDays"]],
  },
  clientSecretLifetimeDays: {
    docs: [["docs/configuration.md", "directoryManagerApp.clientSecret.lifetimeDays"]],
    props: [["constructs/directory-manager-app.ts", "clientSecretLifetimeDays"]],
  },
  maximumInstanceCount: {
    docs: [["docs/configuration.md", "relay.maximumInstanceCount"]],
    props: [["constructs/flow-relay/props.ts", "maximumInstanceCount"]],
  },
  logRetentionDays: {
    docs: [["docs/configuration.md", "relay.logRetentionDays"]],
    props: [["constructs/flow-relay/props.ts", "logRetentionDays"]],
  },
  generation: {
    docs: [
      ["docs/configuration.md", "flowEnvironment.flowUrlsVersion"],
      ["docs/configuration.md", "relay.decisions.credentialsVersion"],
      ["docs/configuration.md", "relay.decisions.tokenKeyVersion"],
      ["docs/configuration.md", "relay.decisions.decisionsKeyVersion"],
    ],
    props: [
      ["constructs/flow-environment/props.ts", "flowUrlsVersion"],
      ["constructs/flow-relay/props.ts", "credentialsVersion"],
      ["constructs/flow-relay/props.ts", "tokenKeyVersion"],
      ["constructs/flow-relay/props.ts", "decisionsKeyVersion"],
    ],
  },
  ...Object.fromEntries(
    Object.keys(RELAY_LIMITS).map((name) => [
      name,
      { docs: [["docs/configuration.md", `relay.${name}`]], props: [["constructs/flow-relay/props.ts", name]] },
    ]),
  ),
};

const CATALOGUE: Record<string, Limit> = { ...SETTING_BOUNDS, ...RELAY_LIMITS };
const cases = Object.entries(CATALOGUE).flatMap(([name, limit]) => [
  ...(WHERE[name]?.docs ?? []).map(([file, field]) => ({ name, limit, file, what: field, text: docRow(file, field) })),
  ...(WHERE[name]?.props ?? []).map(([file, prop]) => ({ name, limit, file, what: prop, text: jsDoc(file, prop) })),
]);

/** The table row whose first cell is `field` in backticks. */
function docRow(file: string, field: string): string {
  const cell = `| \`${field}\` |`;
  return read(file)
    .split("\n")
    .filter((line) => line.startsWith(cell))
    .join("\n");
}

/** The JSDoc right before `readonly <prop>?:`, on one line. */
function jsDoc(file: string, prop: string): string {
  const match = new RegExp(`/\\*\\*((?:(?!\\*/)[\\s\\S])*)\\*/\\s*readonly ${prop}\\?:`).exec(read(file));
  return (match?.[1] ?? "").replace(/\s*\n\s*\*/g, " ");
}

/** min-max as a range of its own (not a part of a longer number). */
const saysRange = (text: string, { min, max }: Limit) => new RegExp(`(?<![\\d])${min}-${max}(?!\\d)`).test(text);

describe("the settings catalogue: one default and range per setting, said the same everywhere", () => {
  test("every catalogued setting says where it is documented and which props take it", () => {
    expect(Object.keys(WHERE).sort()).toEqual(Object.keys(CATALOGUE).sort());
  });

  test.each(cases)("$name: $file $what states the default and the range", ({ limit, file, text }) => {
    expect(text).not.toBe("");
    const saysDefault = file.endsWith(".md")
      ? text.includes(`| \`${limit.default}\` |`) || text.includes(`default ${limit.default}`)
      : new RegExp(`@default ${limit.default}(?!\\d)`).test(text);
    expect({ text, saysDefault, saysRange: saysRange(text, limit) }).toEqual({
      text,
      saysDefault: true,
      saysRange: true,
    });
  });

  test.each(Object.entries(SETTING_CHOICES))(
    "%s: docs/configuration.md and FlowRelayProps state the default, the docs every allowed value",
    (name, { default: value, allowed }) => {
      const [, , defaultCell, meaning] = docRow("docs/configuration.md", `relay.${name}`).split("|");
      expect([`\`${value}\``, `\`${JSON.stringify(value)}\``]).toContain(defaultCell.trim());
      expect(allowed.filter((v: string | number) => !meaning.includes(String(v)))).toEqual([]);
      expect(jsDoc("constructs/flow-relay/props.ts", name)).toContain(`@default ${JSON.stringify(value)}`);
    },
  );

  test("departmentGroups.namePrefix: docs/configuration.md and FlowEnvironmentProps state the one default", () => {
    const value = SETTING_DEFAULTS.departmentGroupNamePrefix;
    const [, , defaultCell] = docRow("docs/configuration.md", "departmentGroups.namePrefix").split("|");
    expect(defaultCell).toBe(` \`${value}\` `);
    expect(jsDoc("constructs/flow-environment/props.ts", "departmentGroupNamePrefix")).toContain(
      `@default ${JSON.stringify(value)}`,
    );
  });

  test("the check itself: a row with another default or range fails it", () => {
    const limit = SETTING_BOUNDS.roleWaitSeconds;
    expect(saysRange("| `roleWaitSeconds` | `120` | 1-18000; …", limit)).toBe(false);
    expect(saysRange("| `roleWaitSeconds` | `120` | 1-1800; …", limit)).toBe(true);
    expect(jsDoc("constructs/flow-relay/props.ts", "maxJsonDepth")).toMatch(/4-256\. @default 32/);
  });
});
