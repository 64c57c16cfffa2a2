import { formatFinding } from "../../constructs/security";

describe("findings", () => {
  test("formatFinding names rule, mirrors, address, problem, fix and how to suppress", () => {
    expect(
      formatFinding({
        ruleId: "DMF-X",
        mirrors: ["CKV_1"],
        severity: "error",
        status: "non-compliant",
        path: "p",
        address: "a.b",
        problem: "it is open",
        fix: "Close it.",
      }),
    ).toBe('DMF-X (CKV_1) a.b: it is open. Fix: Close it. Or suppressRule(scope, "DMF-X", "<reason>").');
  });
});
