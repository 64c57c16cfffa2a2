import { App, TerraformStack } from "../constructs/providers/cdktf";
import { AzurermProvider, KeyVault } from "../constructs/providers/azurerm";
import { AzureadProvider } from "../constructs/providers/azuread";
import { TimeProvider } from "../constructs/providers/time";
import { DirectoryManagerApp } from "../constructs/directory-manager-app";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

let outdir: string;
beforeAll(() => (outdir = mkdtempSync(join(tmpdir(), "dmflow-providers-"))));
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

function consumerStack(providers: ("azurerm" | "azuread" | "time")[]) {
  const app = new App({ outdir });
  const stack = new TerraformStack(app, "consumer");
  if (providers.includes("azurerm")) new AzurermProvider(stack, "azurerm", { features: [{}] });
  if (providers.includes("azuread")) new AzureadProvider(stack, "azuread", {});
  if (providers.includes("time")) new TimeProvider(stack, "time");
  const keyVault = new KeyVault(stack, "kv", {
    name: "kv-own",
    resourceGroupName: "rg",
    location: "westeurope",
    tenantId: "t",
    skuName: "standard",
  });
  new DirectoryManagerApp(stack, "dm-app", { keyVault });
  return app;
}

describe("providers the stack must declare", () => {
  test("a missing time provider fails synth, naming it, who needs it and the fix", () => {
    expect(() => consumerStack(["azurerm", "azuread"]).synth()).toThrow(
      /the stack declares no "time" provider, which consumer\/dm-app\/client-secret-rotation needs: add new TimeProvider\(stack, "time"\) from "@cdktf\/provider-time\/lib\/provider"/,
    );
  });

  test("each missing provider is named once", () => {
    let message = "";
    try {
      consumerStack([]).synth();
    } catch (e) {
      message = (e as Error).message;
    }
    for (const provider of ["azurerm", "azuread", "time"])
      expect(message.split(`no "${provider}" provider`)).toHaveLength(2);
  });

  test("with every provider declared, synth passes", () => {
    expect(() => consumerStack(["azurerm", "azuread", "time"]).synth()).not.toThrow();
  });
});
