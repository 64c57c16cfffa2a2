import { readFileSync } from "node:fs";
import { join } from "node:path";
import { AZURE_REGIONS } from "../../constructs/app/azure-regions";
import { ConfigError, parseEnvironmentConfig } from "../../constructs/app/config-loader";
import { FLEX_CONSUMPTION_REGIONS } from "../../constructs/flow-relay/flex-regions";
import { build } from "./build";

const recorded = readFileSync(join(__dirname, "..", "fixtures", "azure-regions", "flex-consumption-regions.md"), "utf8")
  .replace(/<!--[\s\S]*?-->/, "")
  .split("\n")
  .map((line) => line.trim())
  .filter(Boolean);

describe("location: a region with Flex Consumption (the relay's hosting)", () => {
  test("the list is the recorded template's, without its canary region, and every entry is an Azure region", () => {
    expect([...FLEX_CONSUMPTION_REGIONS].sort()).toEqual(recorded.filter((r) => r !== "eastus2euap").sort());
    for (const region of FLEX_CONSUMPTION_REGIONS) expect(AZURE_REGIONS).toContain(region);
  });

  test("the construct refuses an Azure region without Flex Consumption, naming prop, value and expectation", () => {
    expect(AZURE_REGIONS).toContain("brazilsoutheast");
    expect(() => build({ location: "brazilsoutheast" })).toThrow(
      /relay-test\/relay: location must be a region with the Flex Consumption plan \(the relay's hosting\).*but "brazilsoutheast" was given/,
    );
    expect(() => build({ location: "northeurope" })).not.toThrow();
  });

  const config = (location: string, relayEnabled = true) => ({
    location,
    directoryManagerApp: { ownerObjectIds: ["3f2504e0-4f89-41d3-9a0c-0305e82c3301"] },
    flowEnvironment: JSON.parse(readFileSync(join(__dirname, "..", "..", "config", "example.json"), "utf8"))
      .flowEnvironment,
    relay: { enabled: relayEnabled },
  });

  test("config refuses it too, naming file, field, value and expectation", () => {
    expect(() => parseEnvironmentConfig(config("brazilsoutheast"), "config/dev.json")).toThrow(ConfigError);
    expect(() => parseEnvironmentConfig(config("brazilsoutheast"), "config/dev.json")).toThrow(
      /config\/dev\.json: field "location": got "brazilsoutheast"; expected a region with the Flex Consumption plan/,
    );
  });

  test("config accepts it without a relay (nothing runs on Flex then)", () => {
    expect(parseEnvironmentConfig(config("brazilsoutheast", false), "config/dev.json").location).toBe(
      "brazilsoutheast",
    );
  });
});
