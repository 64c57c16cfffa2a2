/**
 * Everything the command touches outside its own code, in one place: streams, environment, clock,
 * Azure identity and SDK clients, the Azure endpoints, terraform. Production wiring is below; tests
 * pass loopback fakes, Azurite and an in-memory Key Vault instead.
 */
import { randomUUID } from "node:crypto";
import type { Agent } from "node:https";
import type { TokenCredential } from "@azure/core-auth";
import type { QueueServiceClient } from "@azure/storage-queue";
import { keyVaultSecretStores, type SecretStoreFactory } from "./azure/key-vault";
import type { Streams } from "./output";
import { packageVersion } from "./package-version";
import { terraformOutput, type TerraformOutput } from "./stack-outputs";

export interface CliDeps extends Streams {
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The project folder, where cdktf.out/ is. */
  readonly cwd: string;
  readonly now: () => number;
  readonly newId: () => string;
  /** This package's version: the relay it deploys reports the same on /api/health. */
  readonly packageVersion: string;
  readonly terraformOutput: TerraformOutput;
  readonly azureCredential: () => TokenCredential;
  readonly secretStores: (credential: TokenCredential, agent: Agent) => SecretStoreFactory;
  readonly queueService: (endpoint: string, credential: TokenCredential) => QueueServiceClient;
  /** Azure Resource Manager and Microsoft Graph (public cloud by default). */
  readonly azureEndpoints: { readonly resourceManager: string; readonly graph: string };
}

export function productionDeps(): CliDeps {
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    env: process.env,
    cwd: process.cwd(),
    now: Date.now,
    newId: randomUUID,
    packageVersion: packageVersion(),
    terraformOutput,
    azureCredential: () => {
      // A require, not an import: loaded on first use, so `dmflow --help` and argument errors stay instant.
      const { DefaultAzureCredential } = require("@azure/identity") as typeof import("@azure/identity");
      return new DefaultAzureCredential();
    },
    secretStores: keyVaultSecretStores,
    queueService: (endpoint, credential) => {
      const { QueueServiceClient } = require("@azure/storage-queue") as typeof import("@azure/storage-queue");
      return new QueueServiceClient(endpoint, credential, { retryOptions: { maxTries: 2 } });
    },
    azureEndpoints: { resourceManager: "https://management.azure.com", graph: "https://graph.microsoft.com" },
  };
}
