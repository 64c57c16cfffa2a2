import { readFileSync } from "node:fs";
import { join } from "node:path";
import { SECURITY_RULES } from "../../constructs/security";

const doc = readFileSync(join(__dirname, "..", "..", "docs", "security-rules.md"), "utf8");
const rulesTable = doc.slice(doc.indexOf("\n## Rules\n"), doc.indexOf("\n## Options"));

/** Rows of docs/security-rules.md's rule table: our id, mirrored ids, what it checks, default severity. */
function docRows(): string[][] {
  return rulesTable
    .split("\n")
    .filter((line) => line.startsWith("| DMF-"))
    .map((line) =>
      line
        .slice(1, -1)
        .split(" | ")
        .map((cell) => cell.trim()),
    );
}

/** The mirrors cell: each mirrored id (with how the pack differs, where it does), then related ids it does not mirror. */
function mirrorsCell(r: (typeof SECURITY_RULES)[number]): string {
  const ids = r.mirrors.map((m) => (r.differs?.[m] ? `${m} (${r.differs[m]})` : m));
  const related = Object.entries(r.differs ?? {})
    .filter(([id]) => !r.mirrors.includes(id))
    .map(([id, note]) => `not ${id}: ${note}`);
  return [...ids, ...related].join(", ") || "—";
}

describe("docs/security-rules.md: the rule table", () => {
  test("lists every rule of the pack, in order, with its mirrored ids, what it checks and its default severity", () => {
    const expected = SECURITY_RULES.map((r) => [r.id, mirrorsCell(r), r.description, r.severity]);
    expect(docRows()).toEqual(expected);
  });

  test("rule ids are unique and follow DMF-<SERVICE>-<CHECK>", () => {
    const ids = SECURITY_RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^DMF-[A-Z]+(-[A-Z0-9]+)*$/);
  });

  test("the ids other constructs suppress exist", () => {
    const ids = SECURITY_RULES.map((r) => r.id);
    const suppressed = [
      "DMF-FUNC-PUBLIC-ACCESS",
      "DMF-ST-NETWORK-DENY",
      "DMF-ST-PUBLIC-NETWORK-OFF",
      "DMF-ST-PRIVATE-ENDPOINT",
      "DMF-ST-CUSTOMER-MANAGED-KEY",
      "DMF-ST-QUEUE-LOGGING",
      "DMF-ST-BLOB-LOGGING",
      "DMF-ST-GEO-REDUNDANT",
      "DMF-KV-PUBLIC-ACCESS",
      "DMF-KV-PRIVATE-ENDPOINT",
      "DMF-KV-SECRET-EXPIRY-DATE",
      "DMF-PLAN-WORKER-COUNT",
      "DMF-PLAN-ZONE-REDUNDANT",
      "DMF-ENTRA-CREDENTIAL-TYPE",
      "DMF-ENTRA-ASSIGNMENT-REQUIRED",
      "DMF-ENTRA-MANAGE-CONSENT",
    ];
    for (const id of suppressed) expect(ids).toContain(id);
  });

  test("every rule has a fix and mirrors only ids of the public families (Checkov CKV_/CKV2_, Trivy AVD-AZU-, AVM defaults)", () => {
    for (const r of SECURITY_RULES) {
      expect([r.id, r.fix.length > 20]).toEqual([r.id, true]);
      for (const m of r.mirrors)
        expect([r.id, m]).toEqual([r.id, expect.stringMatching(/^(CKV2?_AZURE_\d+|AVD-AZU-\d{4}|AVM default)$/)]);
    }
  });
});
