import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Testing, TerraformStack } from "../constructs/providers/cdktf";
import { secretVariable } from "../constructs/secret-variable";
import { synthEnvironment, synthStack } from "./support/synth";
import { hasTerraform, terraformValidate as validate } from "./support/terraform";

const example = JSON.parse(readFileSync(join(__dirname, "..", "config", "example.json"), "utf8"));

describe("secret variables", () => {
  test("sensitive, not nullable, ephemeral (the escape hatch: cdktf 0.21 has no ephemeral option), named exactly", () => {
    const stack = new TerraformStack(Testing.app(), "vars");
    secretVariable(stack, "my_secret", { prop: "name", description: "a secret" });
    expect(synthStack(stack).variable).toEqual({
      my_secret: { type: "string", sensitive: true, nullable: false, ephemeral: true, description: "a secret" },
    });
  });

  test("a name that is not a shell variable name is refused", () => {
    const stack = new TerraformStack(Testing.app(), "vars");
    expect(() => secretVariable(stack, "my-secret", { prop: "variablePrefix", description: "x" })).toThrow(
      /vars: variablePrefix must be lower-case letters, digits and underscores/,
    );
  });

  (hasTerraform() ? test : test.skip)(
    "Terraform accepts the synthesized variables as ephemeral, and refuses them where a value is stored",
    () => {
      const { json } = synthEnvironment({ ...example, relay: { decisions: { enabled: true } } }, "dev");
      const blocks = { terraform: { required_version: json.terraform!.required_version }, variable: json.variable };
      expect(validate(blocks)).toEqual({ ok: true, output: "" });
      // The same variable in an argument Terraform stores (not write-only) is an error: it is ephemeral.
      const stored = validate({
        ...blocks,
        resource: { terraform_data: { x: { input: "${var.flow_request_url_create_user}" } } },
      });
      expect(stored.ok).toBe(false);
      expect(stored.output).toMatch(
        /Ephemeral values are not valid for "input", because it is not a write-only\s+attribute/,
      );
    },
  );
});
