/**
 * One run of a command: its options, the Masker and output, the https agent (with --ca-file), and
 * the things several steps need, each fetched once and on first use: stack outputs, the Azure
 * credential, the relay's function key, a signed-in Directory Manager client.
 */
import type { Agent } from "node:https";
import type { TokenCredential } from "@azure/core-auth";
import { azureToken } from "./azure/azure-token";
import { CliError } from "./cli-error";
import { directoryManagerCredentials } from "./directory-manager/credentials";
import type { CliDeps } from "./deps";
import { DirectoryManagerApi } from "./directory-manager/directory-manager-api";
import { fetchFunctionKey } from "./relay-app/function-key";
import { RELAY_FUNCTIONS } from "../contract/relay-settings";
import { createHttpsClient, httpsAgent, type HttpsClient } from "./https-client";
import type { SecretStoreFactory } from "./azure/key-vault";
import { Masker } from "./mask";
import { createOutput, type Output } from "./output";
import { STACK_OUTPUTS } from "../contract/stack-outputs";
import { loadStackOutputs, type StackOutputs } from "./stack-outputs";

export interface CommonOptions {
  /** The stack (environment) name, e.g. "prod". */
  readonly environment: string;
  readonly outputsFile?: string;
  /** Directory Manager's API base URL. @default https://<directoryManagerServer host>:4443 */
  readonly directoryManagerUrl?: string;
  readonly caFile?: string;
  readonly timeoutMs: number;
  readonly json: boolean;
}

/** Directory Manager's services listen on 4443 in the 11.1 API docs. */
const DIRECTORY_MANAGER_API_PORT = 4443;

export class RunContext {
  readonly masker = new Masker();
  readonly output: Output;
  readonly agent: Agent;
  readonly http: HttpsClient;
  private memo: {
    outputs?: Promise<StackOutputs>;
    credential?: TokenCredential;
    functionKeys?: Map<string, Promise<string | undefined>>;
    directoryManager?: Promise<DirectoryManagerApi>;
  } = {};

  constructor(
    readonly deps: CliDeps,
    readonly options: CommonOptions,
  ) {
    this.output = createOutput(this.masker, deps);
    this.agent = httpsAgent(options.caFile);
    this.http = createHttpsClient(this.agent, options.timeoutMs);
  }

  close(): void {
    this.agent.destroy();
  }

  outputs(): Promise<StackOutputs> {
    this.memo.outputs ??= (async () => {
      this.output.progress(
        this.options.outputsFile
          ? `reading stack outputs from ${this.options.outputsFile}`
          : `reading stack outputs (terraform output -json, stack ${this.options.environment})`,
      );
      return loadStackOutputs({
        environment: this.options.environment,
        outputsFile: this.options.outputsFile,
        cwd: this.deps.cwd,
        terraformOutput: this.deps.terraformOutput,
      });
    })();
    return this.memo.outputs;
  }

  credential(): TokenCredential {
    this.memo.credential ??= this.deps.azureCredential();
    return this.memo.credential;
  }

  vaults(): SecretStoreFactory {
    return this.deps.secretStores(this.credential(), this.agent);
  }

  /**
   * The default key of one of the relay's functions (Directory Manager's: flowEvent, by default);
   * undefined when the stack has no relay. Never the host key.
   */
  functionKey(functionName: string = RELAY_FUNCTIONS.flowEvent): Promise<string | undefined> {
    this.memo.functionKeys ??= new Map();
    const memo = this.memo.functionKeys;
    if (!memo.has(functionName)) memo.set(functionName, this.fetchKey(functionName));
    return memo.get(functionName) as Promise<string | undefined>;
  }

  private fetchKey(functionName: string): Promise<string | undefined> {
    return (async () => {
      const outputs = await this.outputs();
      if (!outputs.relayRouteUrls) return undefined;
      if (!outputs.relayFunctionAppId) {
        throw new CliError(
          `${outputs.source}: has relay_route_urls but no "${STACK_OUTPUTS.relayFunctionAppId}"; deploy the stack again with this package's version`,
        );
      }
      this.output.progress(`fetching the relay's ${functionName} function key (Azure Resource Manager)`);
      const arm = this.deps.azureEndpoints.resourceManager;
      const token = await azureToken(this.credential(), `${arm}/.default`, this.masker);
      return fetchFunctionKey(this.http, arm, outputs.relayFunctionAppId, token, this.masker, functionName);
    })();
  }

  directoryManager(): Promise<DirectoryManagerApi> {
    this.memo.directoryManager ??= (async () => {
      const outputs = await this.outputs();
      const settings = outputs.directoryManagerSettings;
      const baseUrl = this.directoryManagerBaseUrl(settings.directoryManagerServer);
      const credentials = await directoryManagerCredentials(this.deps.env, outputs, this.vaults(), this.masker);
      this.output.progress(
        `signing in to Directory Manager at ${baseUrl.origin} (identity store ${settings.identityStoreID}, credentials from ${credentials.source})`,
      );
      return new DirectoryManagerApi({
        baseUrl,
        identityStoreId: settings.identityStoreID,
        credentials: credentials.value,
        http: this.http,
        now: this.deps.now,
        masker: this.masker,
      });
    })();
    return this.memo.directoryManager;
  }

  /** The API's base: given, or the server's host on :4443; never the callback URL (a proxy host is not the API host). */
  private directoryManagerBaseUrl(server: string | undefined): URL {
    const given = this.options.directoryManagerUrl ?? this.deps.env.DMFLOW_DM_URL;
    if (given === undefined || given === "") {
      if (server === undefined)
        throw new CliError(
          "the stack's outputs do not name Directory Manager's server (deployed by an older version): give its API base with --dm-url https://<server>:4443 (or DMFLOW_DM_URL), or deploy again",
        );
      return new URL(`https://${new URL(server).hostname}:${DIRECTORY_MANAGER_API_PORT}/`);
    }
    let url: URL;
    try {
      url = new URL(given);
    } catch {
      throw new CliError(
        `--dm-url ${given}: is not a URL; expected Directory Manager's API base, e.g. https://dm.contoso.com:4443`,
      );
    }
    if (url.protocol !== "https:")
      throw new CliError(`--dm-url ${given}: must be https (Directory Manager's API is called over TLS only)`);
    return url;
  }
}
