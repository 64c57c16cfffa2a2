// Tested copy of README.md's example 1 (counting its TypeScript blocks that compose constructs); `npm run docs:examples` rewrites it.
// test/docs/examples.test.ts checks it is the same as the block and synthesizes it with the security rules.
import { DirectoryManagerFlow } from "directory-manager-flow";

export default function example(this: import("cdktf").TerraformStack): void {
  new DirectoryManagerFlow(this, "dm", {
    location: "westeurope",
    resourceGroupName: "identity-rg",
    tags: { owner: "identity-team" }, // the security rules want tags on every resource
    directoryManagerApp: { ownerObjectIds: ["3f2504e0-4f89-41d3-9a0c-0305e82c3301"] }, // and a second owner of the app
    flowEnvironment: {
      orgCode: "https://contoso.crm4.dynamics.com",
      directoryManagerServer: "dm.contoso.com",
      identityStoreId: 1,
      routes: { "create-user": { displayName: "Create User", flowRequestUrl: { source: "variable" } } },
    },
  });
}
