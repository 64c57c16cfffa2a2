import { Testing, TerraformStack, TerraformVariable } from "../constructs/providers/cdktf";
import { SecureKeyVault, type SecureKeyVaultProps } from "../constructs/secure-key-vault";
import { onlyOfType, synthStack } from "./support/synth";

function build(props: Partial<SecureKeyVaultProps> | ((stack: TerraformStack) => Partial<SecureKeyVaultProps>) = {}) {
  const stack = new TerraformStack(Testing.app(), "vault-test");
  const vault = new SecureKeyVault(stack, "kv", {
    name: "kv-test-1",
    resourceGroupName: "rg",
    location: "westeurope",
    tenantId: "t",
    ...(typeof props === "function" ? props(stack) : props),
  });
  return { stack, vault };
}

describe("SecureKeyVault: bad props", () => {
  test.each<[string, Partial<SecureKeyVaultProps>, RegExp]>([
    [
      "retention too short",
      { softDeleteRetentionDays: 6 },
      /^vault-test\/kv: softDeleteRetentionDays must be a whole number from 7 to 90, but 6 was given$/,
    ],
    [
      "retention with a fraction",
      { softDeleteRetentionDays: 30.5 },
      /softDeleteRetentionDays must be a whole number from 7 to 90, but 30\.5 was given$/,
    ],
    [
      "name with double hyphens",
      { name: "kv--test" },
      /^vault-test\/kv: name must be 3-24 letters, digits and single hyphens starting with a letter, but "kv--test" was given$/,
    ],
  ])("%s", (_name, props, message) => {
    expect(() => build(props)).toThrow(message);
  });

  test("a secret's name and value are checked, and a literal value is never shown", () => {
    const { stack, vault } = build();
    const value = new TerraformVariable(stack, "v", { type: "string", sensitive: true }).stringValue;
    const secret = { contentType: "text/plain", expirationDate: "2027-01-01T00:00:00Z" };
    expect(() => vault.addSecret("s1", { ...secret, name: "bad name", value })).toThrow(
      /^vault-test\/kv\/s1: name must be 1-127 letters, digits and hyphens, but "bad name" was given$/,
    );
    expect(() => vault.addSecret("s2", { ...secret, name: "s2", value: "hunter2-literal" })).toThrow(
      /^vault-test\/kv\/s2: value must be a reference .*never a literal in code or config, but a literal \(not shown\) was given$/,
    );
    try {
      vault.addSecret("s3", { ...secret, name: "s3", value: "hunter2-literal" });
    } catch (e) {
      expect((e as Error).message).not.toContain("hunter2");
    }
  });
});

describe("SecureKeyVault: values known only at apply", () => {
  test("retention and name pass the checks and reach the vault as references", () => {
    const { stack } = build((s) => ({
      name: new TerraformVariable(s, "vault_name", { type: "string" }).stringValue,
      softDeleteRetentionDays: new TerraformVariable(s, "retention", { type: "number" }).numberValue,
    }));
    const [, vault] = onlyOfType(synthStack(stack), "azurerm_key_vault");
    expect(vault.name).toBe("${var.vault_name}");
    expect(vault.soft_delete_retention_days).toBe("${var.retention}");
  });
});
