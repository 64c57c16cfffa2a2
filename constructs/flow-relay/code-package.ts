import { existsSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { AssetType, type Construct, Fn, TerraformAsset, type TerraformResource } from "../providers/cdktf";
import { RoleAssignment, type StorageAccount, StorageBlob, StorageContainer } from "../providers/azurerm";
import { type AzapiResource, AzapiResourceAction } from "../providers/azapi";
import { findPackageRoot } from "../package-root";
import type { PropChecks } from "../validation";
import { SITE_TYPE, oneDeployBody } from "./flex-site-body";
import { waitForRoles } from "../role-wait";

/** File name of a package Flex Consumption deploys (and keeps in its deployment container). */
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
      checks.fail(
        "codePath",
        `given, because this package's root (its package.json) is not above ${dirname(__dirname)}: pass the relay bundle folder or zip`,
        undefined,
      );
    }
    path = join(root, "dist", "relay.zip");
  }
  path = resolve(path);
  if (!existsSync(path)) checks.fail("codePath", `an existing relay bundle folder or its .zip (${BUILD_HINT})`, path);
  if (statSync(path).isFile()) {
    if (!path.endsWith(".zip")) checks.fail("codePath", "the relay bundle folder or a .zip of it", path);
    return path;
  }
  if (!existsSync(join(path, "host.json")))
    checks.fail("codePath", `a Functions app bundle folder, with host.json (${BUILD_HINT})`, path);
  return path;
}

/** The private container the package blobs are uploaded to, one per package hash. */
export const PACKAGE_CONTAINER = "relay-packages";

export interface RelayCodePackageProps {
  readonly codePath: string;
  readonly account: StorageAccount;
  /** Granted Storage Blob Data Contributor on the package container, to upload the package. */
  readonly deployerObjectId?: string;
  /** Seconds the upload waits after that grant (roleWaitSeconds). */
  readonly roleWaitSeconds: number;
}

export interface RelayCodePackage {
  readonly blob: StorageBlob;
  /** The blob's URL, `.../relay-packages/<hash>/released-package.zip`: new code, new URL. */
  readonly url: string;
}

/**
 * Uploads the relay package as a blob named by its hash, so a new package is a new blob at a new
 * URL and the same package is never uploaded twice.
 */
export function uploadRelayPackage(scope: Construct, props: RelayCodePackageProps): RelayCodePackage {
  const { codePath, account } = props;
  const asset = new TerraformAsset(scope, "relay-package", {
    path: codePath,
    type: codePath.endsWith(".zip") ? AssetType.FILE : AssetType.ARCHIVE,
  });
  const container = new StorageContainer(scope, "package-container", {
    name: PACKAGE_CONTAINER,
    storageAccountId: account.id,
    containerAccessType: "private",
  });
  const deployerUpload = props.deployerObjectId
    ? new RoleAssignment(scope, "deployer-package-upload", {
        scope: `${account.id}/blobServices/default/containers/${PACKAGE_CONTAINER}`,
        roleDefinitionName: "Storage Blob Data Contributor",
        principalId: props.deployerObjectId,
        description: "Lets the identity that runs cdktf deploy upload the relay package (shared keys are off)",
        dependsOn: [container],
      })
    : undefined;
  // Flex deploys a package file named released-package.zip; the folder makes the URL unique.
  const blobName = `${asset.assetHash}/${RELAY_PACKAGE_BLOB}`;
  const blob = new StorageBlob(scope, "relay-package-blob", {
    name: blobName,
    storageAccountName: account.name,
    storageContainerName: container.name,
    type: "Block",
    source: asset.path,
    contentType: "application/zip",
    contentMd5: Fn.filemd5(asset.path),
    // The upload waits for the new grant to work: the first write after it would get a 403.
    dependsOn: deployerUpload
      ? [waitForRoles(scope, "deployer-package-upload-wait", [deployerUpload], props.roleWaitSeconds)]
      : [container],
  });
  // Spelt out rather than blob.url, so the hash is in the deployment request itself: a new package
  // shows as a change of that request in the plan, not only after the blob is replaced.
  return { blob, url: `${account.primaryBlobEndpoint}${PACKAGE_CONTAINER}/${blobName}` };
}

export interface RelayOneDeployProps {
  readonly site: AzapiResource;
  readonly package: RelayCodePackage;
  /** The roles OneDeploy's read of the package and the host's start need: it runs after them. */
  readonly after: TerraformResource[];
}

/**
 * Deploys the package with OneDeploy (`PUT <site>/extensions/onedeploy`), the way Azure documents
 * for Flex Consumption: the platform copies it to the deployment container, restarts the app and
 * syncs its triggers. azurerm 4.55's zip_deploy_file posts to Kudu's /api/zipdeploy with basic
 * auth instead, which Flex does not serve (terraform-provider-azurerm#29630). The request runs
 * again exactly when the package URL, and so its hash, changes.
 */
export function oneDeployRelayPackage(scope: Construct, props: RelayOneDeployProps): AzapiResourceAction {
  return new AzapiResourceAction(scope, "onedeploy", {
    type: SITE_TYPE,
    resourceId: props.site.id,
    action: "extensions/onedeploy",
    method: "PUT",
    body: oneDeployBody(props.package.url),
    // A site operation still running (e.g. the publishing policies) answers 409 with this message.
    retry: { errorMessageRegex: ["Cannot modify this site because another operation is in progress"] },
    dependsOn: [props.package.blob, ...props.after],
  });
}
