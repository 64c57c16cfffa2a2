import { enrich as enrichText } from "../../../relay/http/enrichment";
import { resolvePointer } from "../../../relay/settings/json-pointer";

const departments = new Map([
  ["sales", { department: "Sales", siteUrl: "https://contoso.sharepoint.com/sites/sales" }],
]);
const settings = { departments, departmentPointer: undefined, enrichmentKey: "sharePointSite" };
/** Enriches the event's JSON text; `event` is what the flow would parse. */
const enrich = (value: Record<string, unknown>, s: typeof settings) => {
  const result = enrichText(JSON.stringify(value), value, s);
  return { ...result, text: undefined, event: JSON.parse(result.text) as Record<string, unknown> };
};

describe("enrichment", () => {
  test("adds the site and changes nothing else, without mutating the caller's object", () => {
    const event = { department: " SALES ", a: { b: 1 } };
    const result = enrich(event, settings);
    expect(result.outcome).toBe("enriched");
    expect(result.event).toEqual({
      department: " SALES ",
      a: { b: 1 },
      sharePointSite: { department: "Sales", siteUrl: "https://contoso.sharepoint.com/sites/sales" },
    });
    expect(event).toEqual({ department: " SALES ", a: { b: 1 } });
  });

  test("is off when no departments are configured", () => {
    expect(enrich({ department: "Sales" }, { ...settings, departments: new Map() })).toEqual({
      outcome: "off",
      event: { department: "Sales" },
    });
  });

  test("reports an unknown or missing department and leaves the event alone", () => {
    expect(enrich({ department: "HR" }, settings)).toEqual({
      outcome: "unknown_department",
      event: { department: "HR" },
      department: "HR",
    });
    expect(enrich({ dept: "Sales" }, settings).outcome).toBe("no_department");
    expect(enrich({ department: 7 }, settings).outcome).toBe("no_department");
  });

  test.each([["sharePointSite"], ["sharepointsite"], ["SHAREPOINTSITE"], ["SharePointSite"]])(
    "the enrichment key is the relay's: a caller's own %s is reported, enrichment on or off",
    (key) => {
      const event = { department: "Sales", [key]: "theirs" };
      expect(enrich(event, settings)).toMatchObject({ outcome: "key_supplied", keys: [key] });
      expect(enrich(event, { ...settings, departments: new Map() })).toMatchObject({ outcome: "key_supplied" });
    },
  );

  test("two department keys differing only in case are ambiguous", () => {
    const event = { department: "HR", Department: "Sales" };
    expect(enrich(event, settings)).toMatchObject({
      outcome: "ambiguous_department",
      keys: ["department", "Department"],
    });
  });

  test("JSON pointers follow RFC 6901 escapes and arrays", () => {
    const doc = { "a/b": { "m~n": ["x", { d: "Sales" }] } };
    expect(resolvePointer(doc, "/a~1b/m~0n/1/d")).toBe("Sales");
    expect(resolvePointer(doc, "/a~1b/missing")).toBeUndefined();
  });
});
