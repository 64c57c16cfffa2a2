import { PropError } from "../validation";

/**
 * Turns an error a construct raised while the app built an environment's stack into the config
 * format, `<file>: field "<path>": <what is wrong>; expected <form>`, so the admin reads which
 * config field to change rather than a construct path. The loader's checks should catch every such
 * value first; this keeps the message useful when one slips through.
 */

/** Config section of each construct the stack builds (by construct id under the composite). */
const SECTIONS: Record<string, string> = {
  "key-vault": "keyVault",
  "directory-manager-app": "directoryManagerApp",
  "flow-environment": "flowEnvironment",
  relay: "relay",
};

/** Props whose config field has another name or place. */
const RENAMED: Record<string, string> = {
  "directoryManagerApp.clientSecretLifetimeDays": "directoryManagerApp.clientSecret.lifetimeDays",
  "directoryManagerApp.clientSecretRotateAfterDays": "directoryManagerApp.clientSecret.rotateAfterDays",
  "flowEnvironment.departments": "departments",
  "flowEnvironment.createDepartmentGroups": "departmentGroups.create",
  "flowEnvironment.departmentGroupNamePrefix": "departmentGroups.namePrefix",
  "relay.namePrefix": "namePrefix",
  "relay.names.functionApp": "namePrefix",
  "relay.names.storageAccount": "namePrefix",
  "relay.tags": "tags",
  // The relay's decisions are for the flow environment's identity store.
  "relay.decisions.identityStoreId": "flowEnvironment.identityStoreId",
  "keyVault.tags": "tags",
};

/** Fields whose construct value is derived, in part, from the file name (the environment name). */
const FROM_FILE_NAME: Record<string, string> = {
  namePrefix: "the value is namePrefix joined with the environment name",
  "keyVault.name": "unless this field is set, the value is derived from namePrefix and the environment name",
  "resourceGroup.name": "unless this field is set, the value is derived from namePrefix and the environment name",
};

/** The config field a construct path and prop stand for; undefined when the path is not the stack's. */
export function configFieldOf(constructPath: string, prop: string): string | undefined {
  const parts = constructPath.split("/");
  const at = parts.indexOf("directory-manager-flow");
  if (at < 0) return undefined;
  const section = SECTIONS[parts[at + 1] ?? ""];
  const base = prop.replace(/\[["']?([^\]"']+)["']?\]/g, ".$1").replace(/^\./, "");
  if (section === undefined)
    return base === "resourceGroupName" ? "resourceGroup.name" : base === "location" ? "location" : undefined;
  const field = `${section}.${base}`;
  const head = Object.keys(RENAMED).find((k) => field === k || field.startsWith(`${k}.`));
  return head ? RENAMED[head] + field.slice(head.length) : field;
}

/** The problem line for a construct error raised while building environment `environment` from `file`. */
export function constructErrorProblem(error: unknown, file: string, environment: string): string {
  const field = error instanceof PropError ? configFieldOf(error.path, error.prop) : undefined;
  if (!(error instanceof PropError) || field === undefined) {
    const message = error instanceof Error ? error.message : String(error);
    return `${file}: ${message}${/; expected /.test(message) ? "" : "; expected a value the construct takes (see above)"}`;
  }
  const derived =
    field in FROM_FILE_NAME ? ` (${FROM_FILE_NAME[field]} "${environment}", which comes from the file name)` : "";
  return `${file}: field "${field}": got ${error.given}${derived}; expected ${error.expected}`;
}
