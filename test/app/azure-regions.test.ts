import { readFileSync } from "node:fs";
import { join } from "node:path";
import { AZURE_REGIONS, AZURE_REGIONS_SOURCE, nearestRegions } from "../../constructs/app/azure-regions";
import { parseEnvironmentConfig } from "../../constructs/app/config-loader";

// The recorded source: Microsoft's published regions table, with where and when it was read.
const source = readFileSync(join(__dirname, "..", "fixtures", "azure-regions", "regions-list.md"), "utf8");
const rows = source.split("\n").filter((line) => /^\| [A-Z]/.test(line) && !line.startsWith("| Region |"));
const published = rows.map((row) => row.split("|")[3].trim());

describe("the offline Azure region list", () => {
  test("matches the recorded source, name for name", () => {
    expect(published.length).toBeGreaterThan(50);
    expect([...AZURE_REGIONS].sort()).toEqual([...published].sort());
  });

  test("records the same source and dates as the recorded copy", () => {
    for (const value of [
      AZURE_REGIONS_SOURCE.repository,
      AZURE_REGIONS_SOURCE.path,
      AZURE_REGIONS_SOURCE.commit,
      AZURE_REGIONS_SOURCE.read,
    ])
      expect(source).toContain(value);
    const [month, day, year] = /ms\.date (\d\d)\/(\d\d)\/(\d{4})/.exec(source)!.slice(1);
    expect(AZURE_REGIONS_SOURCE.published).toBe(`${year}-${month}-${day}`);
  });

  test("a misspelt or reordered region is refused with the likely one named", () => {
    expect(nearestRegions("westeurop")).toContain("westeurope");
    expect(nearestRegions("europewest")[0]).toBe("westeurope");
    expect(() => parseEnvironmentConfig({ location: "europewest" }, "config/dev.json")).toThrow(
      /field "location": got "europewest"; expected an Azure region name .*did you mean westeurope/,
    );
    expect(parseEnvironmentConfig({ location: "swedencentral" }, "config/dev.json").location).toBe("swedencentral");
  });
});

test("docs/configuration.md lists the same regions", () => {
  const doc = readFileSync(join(__dirname, "..", "..", "docs", "configuration.md"), "utf8");
  const section = doc.slice(doc.indexOf("## Azure regions"));
  expect([...section.matchAll(/`([a-z0-9]+)`/g)].map((m) => m[1]).filter((name) => name !== "location")).toEqual([
    ...AZURE_REGIONS,
  ]);
});
