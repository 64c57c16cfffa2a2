import { join } from "node:path";
const { checkSource, lint } = require("../scripts/check/imports.js") as {
  checkSource: (file: string, text: string) => string[];
  lint: (root: string) => string[];
};

// Root-barrel names built from parts, so this file never holds such an import itself.
const AZURERM_BARREL = ["@cdktf", "provider-azurerm"].join("/");
const AZUREAD_BARREL = ["@cdktf", "provider-azuread"].join("/");

describe("import rules", () => {
  test("the repository has no root-barrel provider import and no provider import outside constructs/providers", () => {
    expect(lint(join(__dirname, ".."))).toEqual([]);
  });

  test("a root-barrel provider import is reported", () => {
    const problems = checkSource("constructs/providers/azurerm.ts", `import { KeyVault } from "${AZURERM_BARREL}";`);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/root barrel/);
  });

  test("a barrel require in a test is reported too", () => {
    expect(checkSource("test/x.test.ts", `const p = require("${AZUREAD_BARREL}");`)).toHaveLength(1);
  });

  test("a deep provider import outside constructs/providers is reported", () => {
    const problems = checkSource(
      "constructs/flow-relay.ts",
      'import { KeyVault } from "@cdktf/provider-azurerm/lib/key-vault";',
    );
    expect(problems[0]).toMatch(/outside constructs\/providers/);
  });

  test("cdktf core imported in the library outside constructs/providers is reported", () => {
    expect(checkSource("constructs/x.ts", 'import { Fn } from "cdktf";')[0]).toMatch(/outside constructs\/providers/);
  });

  test("the relay importing the construct library, or the library importing the relay, is reported", () => {
    expect(
      checkSource("relay/http/ingress.ts", 'import { RELAY_SETTINGS } from "../../constructs/flow-relay";')[0],
    ).toMatch(/reaches into constructs\/; relay\/ shares code with it only through contract\//);
    expect(checkSource("constructs/flow-relay.ts", 'import type { RelayConfig } from "../relay/settings";')[0]).toMatch(
      /reaches into relay\//,
    );
    expect(checkSource("contract/relay-settings.ts", 'import { GUID } from "../constructs/patterns";')[0]).toMatch(
      /reaches into constructs\//,
    );
  });

  test("a relay folder importing from a folder above it is reported; downward and relay/'s own files pass", () => {
    expect(checkSource("relay/delivery/flow-forwarder.ts", 'import { X } from "../http/decision-token";')[0]).toMatch(
      /reaches up into relay\/http\/; the relay's folders depend one way/,
    );
    expect(checkSource("relay/settings/routes.ts", 'import type { X } from "../storage/messages";')[0]).toMatch(
      /reaches up into relay\/storage\//,
    );
    expect(
      checkSource("relay/http/ingress.ts", 'import { deliverOrQueue } from "../delivery/deliver-or-queue";'),
    ).toEqual([]);
    expect(
      checkSource("relay/delivery/flow-forwarder.ts", 'import { DECISION_TOKEN_HEADER } from "../decision-token";'),
    ).toEqual([]);
  });

  test("both sides importing the contract passes", () => {
    expect(
      checkSource("relay/http/ingress.ts", 'import { RELAY_SETTINGS } from "../../contract/relay-settings";'),
    ).toEqual([]);
    expect(
      checkSource("constructs/app/schema.ts", 'import { RELAY_LIMITS } from "../../contract/relay-limits";'),
    ).toEqual([]);
  });

  test("a deep import inside constructs/providers passes", () => {
    expect(
      checkSource(
        "constructs/providers/azurerm.ts",
        'export { KeyVault } from "@cdktf/provider-azurerm/lib/key-vault";',
      ),
    ).toEqual([]);
  });
});
