import { Construct, Testing, TerraformStack, TerraformVariable } from "../constructs/providers/cdktf";
import { FormError, PropChecks, PropError, described, describeValue } from "../constructs/validation";

function checksAt(id = "thing"): { checks: PropChecks; scope: Construct } {
  const stack = new TerraformStack(Testing.app(), "stack");
  const scope = new Construct(stack, id);
  return { checks: new PropChecks(scope), scope };
}

describe("describeValue", () => {
  it("quotes strings, shows numbers and lists as JSON, and says nothing for undefined", () => {
    expect(describeValue("abc")).toBe('"abc"');
    expect(describeValue(42)).toBe("42");
    expect(describeValue([])).toBe("[]");
    expect(describeValue(undefined)).toBe("nothing");
  });

  it("cuts long values at 120 characters", () => {
    const shown = describeValue("x".repeat(500));
    expect(shown).toHaveLength(120);
    expect(shown.endsWith("...")).toBe(true);
  });

  it("never shows a described value's content, only its description", () => {
    expect(describeValue(described("a literal URL (not shown)"))).toBe("a literal URL (not shown)");
  });

  it("names a token instead of printing its placeholder", () => {
    const { scope } = checksAt();
    const variable = new TerraformVariable(scope, "x", { type: "string" });
    expect(describeValue(variable.stringValue)).toBe("an unresolved token");
    expect(describeValue(`prefix-${variable.stringValue}`)).toBe("an unresolved token");
  });
});

describe("PropChecks", () => {
  it("names the construct path, the prop, the expected form and the value", () => {
    const { checks } = checksAt("relay");
    expect(() => checks.wholeNumber("maxAttempts", 0, 1, 100)).toThrow(
      new Error("stack/relay: maxAttempts must be a whole number from 1 to 100, but 0 was given"),
    );
    try {
      checks.matches("name", "Bad Name", /^[a-z]+$/, "lower-case letters");
    } catch (e) {
      expect(e).toBeInstanceOf(PropError);
      expect(e).toMatchObject({
        path: "stack/relay",
        prop: "name",
        expected: "lower-case letters",
        given: '"Bad Name"',
      });
    }
    expect.assertions(3);
  });

  it("refuses fractions and values outside the range, and returns a good value", () => {
    const { checks } = checksAt();
    expect(() => checks.wholeNumber("days", 1.5, 1, 10)).toThrow(
      /days must be a whole number from 1 to 10, but 1.5 was given/,
    );
    expect(() => checks.wholeNumber("days", 11, 1, 10)).toThrow(/but 11 was given/);
    expect(checks.wholeNumber("days", 10, 1, 10)).toBe(10);
  });

  it("lets an unresolved token through every check", () => {
    const { checks, scope } = checksAt();
    const text = new TerraformVariable(scope, "text", { type: "string" }).stringValue;
    const number = new TerraformVariable(scope, "number", { type: "number" }).numberValue;
    expect(checks.wholeNumber("days", number, 1, 10)).toBe(number);
    expect(checks.matches("name", text, /^[a-z]+$/, "lower-case letters")).toBe(text);
    expect(checks.oneOf("size", number, [512, 2048])).toBe(number);
    expect(
      checks.normalised("id", text, () => {
        throw new FormError("never called");
      }),
    ).toBe(text);
  });

  it("refuses a token where the construct computes with the number at synth, saying why", () => {
    const { checks, scope } = checksAt();
    const number = new TerraformVariable(scope, "number", { type: "number" }).numberValue;
    expect(() =>
      checks.wholeNumber("lifetimeDays", number, 1, 10, { knownAtSynthBecause: "it sets the rotation" }),
    ).toThrow(
      /lifetimeDays must be a whole number from 1 to 10, known at synth \(it sets the rotation\), but an unresolved token was given/,
    );
  });

  it("checks patterns and lists of allowed values, and skips a missing optional value", () => {
    const { checks } = checksAt();
    expect(() => checks.matches("name", "ABC", /^[a-z]+$/, "lower-case letters")).toThrow(
      /name must be lower-case letters, but "ABC" was given/,
    );
    expect(checks.matches("name", undefined, /^[a-z]+$/, "lower-case letters")).toBeUndefined();
    expect(() => checks.oneOf("nodeVersion", "18", ["22", "24"])).toThrow(
      /nodeVersion must be one of "22", "24", but "18" was given/,
    );
  });

  it("turns a normaliser's FormError into the message, and lets other errors through unchanged", () => {
    const { checks } = checksAt();
    const lower = (value: string) => {
      if (value.includes(" ")) throw new FormError("a word without spaces");
      return value.toLowerCase();
    };
    expect(checks.normalised("word", "ABC", lower)).toBe("abc");
    expect(() => checks.normalised("word", "a b", lower)).toThrow(
      /word must be a word without spaces, but "a b" was given/,
    );
    expect(() =>
      checks.normalised("word", "x", () => {
        throw new TypeError("a bug");
      }),
    ).toThrow(TypeError);
  });

  it("takes a path as text for checks outside a construct's constructor", () => {
    expect(() =>
      new PropChecks("stack/vault/secret").fail("value", "a reference", described("a literal (not shown)")),
    ).toThrow("stack/vault/secret: value must be a reference, but a literal (not shown) was given");
  });
});
