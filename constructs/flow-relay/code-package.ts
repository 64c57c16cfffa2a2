import { existsSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { AssetType, Construct, Fn, TerraformAsset } from "../providers/cdktf";
import { RoleAssignment, StorageAccount, StorageBlob, StorageContainer } from "../providers/azurerm";
import { findPackageRoot } from "../package-root";
import { PropChecks } from "../validation";
import { DEPLOYMENT_CONTAINER } from "./storage";

/** Blob name the Flex Consumption host loads from its deployment container (OneDeploy's name). */
export const RELAY_PACKAGE_BLOB = "released-package.zip";

const BUILD_HINT = "build it with `npm run build:relay`, or pass codePath, or deployCode: false";

/**
 * The relay package: given (a bundle folder with host.json, or a ready .zip of one), or
 * `<package root>/dist/relay.zip` (built by `npm run build:relay`). A ready zip is deployed as it
 * is; a folder is zipped at every synth.
 */
export function resolveCodePath(checks: PropChecks, given: string | undefined): string {
  let path = given;
  if (path === undefined) {
    // This file's folder: constructs/flow-relay/, dist/constructs/flow-relay/, or a bundle's folder.
    const root = findPackageRoot(__dirname);
    if (root === undefined) {
      checks.fail("codePath", `given, because this package's root (its package.json) is not above ${dirname(__dirname)}: pass the relay bundle folder or zip`, undefined);
    }
    path = join(root, "dist", "relay.zip");
  }
  path = resolve(path);
  if (!existsSync(path)) checks.fail("codePath", `an existing relay bundle folder or its .zip (${BUILD_HINT})`, path);
  if (statSync(path).isFile()) {
    if (!path.endsWith(".zip")) checks.fail("codePath", "the relay bundle folder or a .zip of it", path);
    return path;
  }
  if (!existsSync(join(path, "host.json"))) checks.fail("codePath", `a Functions app bundle folder, with host.json (${BUILD_HINT})`, path);
  return path;
}

export interface RelayCodePackageProps {
  readonly codePath: string;
  readonly account: StorageAccount;
  readonly deploymentContainer: StorageContainer;
  /** Granted Storage Blob Data Contributor on the deployment container, to upload the package. */
  readonly deployerObjectId?: string;
}

/**
 * Uploads the relay package to the deployment container, where the Flex Consumption host loads
 * it. Returns the blob and the package's hash (a new hash must restart the app).
 */
export function deployRelayCodePackage(scope: Construct, props: RelayCodePackageProps): { blob: StorageBlob; hash: string } {
  const { codePath, account, deploymentContainer } = props;
  const asset = new TerraformAsset(scope, "relay-package", { path: codePath, type: codePath.endsWith(".zip") ? AssetType.FILE : AssetType.ARCHIVE });
  const deployerUpload = props.deployerObjectId
    ? new RoleAssignment(scope, "deployer-package-upload", {
        scope: `${account.id}/blobServices/default/containers/${DEPLOYMENT_CONTAINER}`,
        roleDefinitionName: "Storage Blob Data Contributor",
        principalId: props.deployerObjectId,
        description: "Lets the identity that runs cdktf deploy upload the relay package (shared keys are off)",
        dependsOn: [deploymentContainer],
      })
    : undefined;
  // azurerm 4.55's zip_deploy_file on Flex Consumption posts to Kudu's /api/zipdeploy with
  // basic-auth publishing credentials: Flex answers 404 (terraform-provider-azurerm#29630) and
  // basic auth is off here. The Flex host loads released-package.zip from its deployment container.
  const blob = new StorageBlob(scope, "relay-package-blob", {
    name: RELAY_PACKAGE_BLOB,
    storageAccountName: account.name,
    storageContainerName: deploymentContainer.name,
    type: "Block",
    source: asset.path,
    contentType: "application/zip",
    contentMd5: Fn.filemd5(asset.path),
    dependsOn: deployerUpload ? [deployerUpload] : [deploymentContainer],
  });
  return { blob, hash: asset.assetHash };
}
