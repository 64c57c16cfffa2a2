/** Reads Directory Manager's current settings and routes and diffs them against the stack. */
import type { DirectoryManagerApi, MsFlowSettings, WorkflowRoute } from "./directory-manager-api";
import { desiredState } from "./desired-state";
import type { RunContext } from "../run-context";
import { diffSettings, type DesiredState, type SettingsDiff } from "./settings-diff";

export interface DirectoryManagerState {
  readonly api: DirectoryManagerApi;
  readonly desired: DesiredState;
  readonly settings?: MsFlowSettings;
  readonly routes: readonly WorkflowRoute[];
  readonly diff: SettingsDiff;
}

export async function readDirectoryManagerState(ctx: RunContext): Promise<DirectoryManagerState> {
  const outputs = await ctx.outputs();
  const desired = desiredState(outputs, await ctx.functionKey());
  const api = await ctx.directoryManager();
  return readAgain(ctx, api, desired);
}

/** Reads and diffs again (after --apply, to show what Directory Manager now holds). */
export async function readAgain(
  ctx: RunContext,
  api: DirectoryManagerApi,
  desired: DesiredState,
): Promise<DirectoryManagerState> {
  ctx.output.progress(`reading the Power Automate settings of identity store ${desired.identityStoreId}`);
  const settings = await api.getSettings();
  ctx.output.progress(`reading the workflow routes of identity store ${desired.identityStoreId}`);
  const routes = await api.listRoutes();
  return { api, desired, settings, routes, diff: diffSettings(desired, settings, routes) };
}
