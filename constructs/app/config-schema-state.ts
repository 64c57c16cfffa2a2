import { z } from "zod";
import { resourceGroupName, text } from "./config-fields";

// Where the stack lives: its Terraform state and its resource group.

const localBackend = z.strictObject({
  type: z.literal("local"),
  /** @default "terraform.<environment>.tfstate" in the project root (cdktf's default); never inside cdktf.out */
  path: text(
    /^\S(.*\S)?$/,
    "a path to the state file, relative to the project root, e.g. state/prod.tfstate",
  ).optional(),
});
const azurermBackend = z.strictObject({
  type: z.literal("azurerm"),
  resourceGroupName: resourceGroupName("the resource group that holds the state storage account"),
  storageAccountName: text(/^[a-z0-9]{3,24}$/, "a storage account name: 3-24 lower-case letters and digits"),
  containerName: text(
    /^[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]$/,
    "a blob container name: 3-63 lower-case letters, digits and single hyphens",
  ),
  key: text(/^\S{1,1024}$/, "a state blob name such as example.tfstate"),
});

/** Terraform state: local file by default, or an Azure blob with Entra ID auth. */
export const backend = z
  .discriminatedUnion("type", [localBackend, azurermBackend], {
    error: 'a backend with "type": "local" or "azurerm"',
  })
  .prefault({ type: "local" });

/** The resource group every resource is in. */
export const resourceGroup = z
  .strictObject({
    /** @default "<namePrefix>-<environment>-rg" */
    name: resourceGroupName("a resource group name").optional(),
    /** Use an existing resource group instead of creating one. */
    useExisting: z.boolean().prefault(false),
  })
  .prefault({});
