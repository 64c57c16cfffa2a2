import { resource, run, status } from "../support";

const tagged = (tags: unknown) => ({ ...resource("azurerm_key_vault", { name: "kv", tags }), takesTags: true });

describe("DMF-TAGS", () => {
  const required = { requiredTags: { environment: "prod", "managed-by": "directory-manager-flow" } };
  test("compliant: the configured tags are there (extra tags are fine)", () => {
    expect(
      status(
        "DMF-TAGS",
        tagged({ environment: "prod", "managed-by": "directory-manager-flow", owner: "x" }),
        [],
        required,
      ),
    ).toBe("compliant");
  });
  test("non-compliant: a tag is missing, another has the wrong value", () => {
    expect(run("DMF-TAGS", tagged({ environment: "dev" }), [], required)).toEqual({
      status: "non-compliant",
      problem: 'it lacks the tag(s) "managed-by"; tag "environment" is "dev", expected "prod"',
    });
  });
  test("non-compliant: no tags at all, even when none are configured", () => {
    expect(run("DMF-TAGS", { ...resource("azurerm_resource_group", {}), takesTags: true })).toEqual({
      status: "non-compliant",
      problem: "it has no tags",
    });
  });
  test("not applicable: a type without tags (its binding has no tags attribute)", () => {
    expect(status("DMF-TAGS", { ...resource("azurerm_role_assignment", { scope: "x" }), takesTags: false })).toBe(
      "not-applicable",
    );
  });
  test("not applicable: Entra objects (their tags are plain strings, not key/value)", () => {
    expect(status("DMF-TAGS", { ...resource("azuread_application", { tags: ["a"] }), takesTags: true })).toBe(
      "not-applicable",
    );
  });
  test("required keys without values accept any value", () => {
    expect(status("DMF-TAGS", tagged({ owner: "anyone" }), [], { requiredTags: ["owner"] })).toBe("compliant");
  });
  test("unresolved tags are unknown", () => {
    expect(status("DMF-TAGS", tagged("${var.tags}"), [], required)).toBe("unknown");
    expect(
      status("DMF-TAGS", tagged({ environment: "${var.env}", "managed-by": "directory-manager-flow" }), [], required),
    ).toBe("unknown");
  });
});
