import { rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { findPackageRoot } from "../../constructs/package-root";
import { build, only } from "./build";
import { makeTempDir } from "../support/temp-dirs";

describe("FlowRelay: code path", () => {
  test("the default is found by walking up to this package's package.json", () => {
    const root = join(__dirname, "..", "..");
    expect(findPackageRoot(join(root, "constructs", "flow-relay"))).toBe(root);
    expect(findPackageRoot(tmpdir())).toBeUndefined();
  });

  test("a missing bundle folder names npm run build:relay", () => {
    expect(() => build({ codePath: join(tmpdir(), "no-such-relay-bundle") })).toThrow(
      /codePath must be an existing relay bundle folder or its \.zip \(build it with `npm run build:relay`.*\), but ".*no-such-relay-bundle" was given/,
    );
  });

  test("a ready zip is deployed as it is (no archiving at synth); another file is refused", () => {
    const dir = makeTempDir("relay-zip-");
    writeFileSync(join(dir, "relay.zip"), "PK");
    writeFileSync(join(dir, "relay.tar"), "x");
    const json = build({ codePath: join(dir, "relay.zip") }).json;
    const [, blob] = only(json, "azurerm_storage_blob");
    expect(blob.source).toMatch(/^assets\/.*\/relay\.zip$/);
    expect(() => build({ codePath: join(dir, "relay.tar") })).toThrow(
      /codePath must be the relay bundle folder or a \.zip of it, but ".*relay\.tar" was given/,
    );
  });

  test("a folder without host.json is refused", () => {
    const dir = makeTempDir("relay-bundle-");
    try {
      expect(() => build({ codePath: dir })).toThrow(
        /codePath must be a Functions app bundle folder, with host\.json \(build it with `npm run build:relay`.*but ".*relay-bundle-\w+" was given/,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
