import { localStatePath } from "../../constructs/app/state-file";

describe("local state file", () => {
  test("the project root by default (cdktf's default), or backend.path from it; never inside the output folder", () => {
    expect(localStatePath("prod", undefined, "cdktf.out", "/work/p")).toBe("/work/p/terraform.prod.tfstate");
    expect(localStatePath("prod", "state/prod.tfstate", "cdktf.out", "/work/p")).toBe("/work/p/state/prod.tfstate");
    expect(() => localStatePath("prod", "cdktf.out/prod.tfstate", "cdktf.out", "/work/p")).toThrow(
      /field "backend.path": got "cdktf.out\/prod.tfstate", inside the cdktf output folder \(cdktf.out\); expected a state file outside it/,
    );
    expect(() => localStatePath("prod", "/tmp/out/stacks/prod/x.tfstate", "/tmp/out", "/work/p")).toThrow(
      /inside the cdktf output folder/,
    );
  });
});
