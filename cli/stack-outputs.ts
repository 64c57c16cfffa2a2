/**
 * What the deployed stack says Directory Manager and the relay should look like: its Terraform
 * outputs, from `terraform output -json` in the stack's cdktf.out folder or from a file given with
 * --outputs (that format, or cdktf's --outputs-file format). Checked field by field.
 */
import { execFile } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { z } from "zod";
import { GUID, ROUTE_KEY } from "../contract/patterns";
import { STACK_OUTPUTS } from "../contract/stack-outputs";
import { CliError, firstLine } from "./cli-error";

const https = z.url({ protocol: /^https$/, error: "must be an https URL" });
const SETTINGS = z.object({
  organizationalCode: z.string().min(1),
  region: z.string().min(1),
  tenantID: z.string().regex(GUID, "must be a GUID"),
  clientID: z.string().regex(GUID, "must be a GUID"),
  /** Only when flowEnvironment.groupIDServiceUrl is set; path and port kept. */
  groupIDServiceUrl: https.optional(),
  /** Directory Manager's https base (https://host[:port]); older outputs lack it. */
  directoryManagerServer: https.optional(),
  identityStoreID: z.number().int().positive(),
  routes: z
    .array(
      z.object({
        routeKey: z.string().regex(ROUTE_KEY, "must be a route key such as create-user"),
        displayName: z.string().min(1),
      }),
    )
    .min(1),
});
export type DesiredSettings = z.infer<typeof SETTINGS>;

const SCHEMAS = {
  directoryManagerSettings: SETTINGS,
  relayRouteUrls: z.record(z.string(), https),
  relayBaseUrl: https,
  relayHealthUrl: https,
  relayFunctionAppId: z
    .string()
    .regex(
      /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.Web\/sites\/[^/]+$/i,
      "must be a function app's resource id",
    ),
  relayFunctionAppName: z.string().regex(/^[a-zA-Z0-9][a-zA-Z0-9-]{0,58}$/, "must be a function app's name"),
  relayQueueEndpoint: https,
  keyVaultUri: https,
  flowUrlSecretIds: z.record(z.string(), https),
  clientSecretSecretId: https,
  servicePrincipalObjectId: z.string().regex(GUID, "must be a GUID"),
  delegatedPermissions: z.record(z.string().regex(GUID, "must be an application id"), z.array(z.string().min(1))),
  directoryManagerApiSecretIds: z.object({ username: https, password: https, clientId: https, clientSecret: https }),
} satisfies Record<keyof typeof STACK_OUTPUTS, z.ZodType>;

export type StackOutputValues = { readonly [K in keyof typeof SCHEMAS]?: z.infer<(typeof SCHEMAS)[K]> };

export interface StackOutputs extends StackOutputValues {
  /** Where the outputs came from, for messages. */
  readonly source: string;
  readonly directoryManagerSettings: DesiredSettings;
}

/** Runs `terraform output -json` in a stack folder; injected in tests. */
export type TerraformOutput = (stackDir: string) => Promise<string>;

export const terraformOutput: TerraformOutput = (stackDir) =>
  new Promise((resolve, reject) => {
    execFile(
      "terraform",
      ["output", "-json", "-no-color"],
      { cwd: stackDir, env: { ...process.env, CHECKPOINT_DISABLE: "1" }, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (!error) return resolve(stdout);
        if ((error as NodeJS.ErrnoException).code === "ENOENT") {
          return reject(
            new CliError(
              "terraform was not found on PATH; install Terraform, or give the outputs as a file with --outputs <file> (terraform output -json, or cdktf deploy --outputs-file)",
            ),
          );
        }
        reject(
          new CliError(
            `terraform output -json in ${stackDir} failed: ${terraformError(stderr || error.message)}; run cdktf deploy first, or give --outputs <file>`,
          ),
        );
      },
    );
  });

/** Terraform's "Error: …" line (run with -no-color), without the box it draws around diagnostics (│ ╷ ╵); else the first line. */
export function terraformError(text: string): string {
  const lines = text
    .split(/\r?\n/)
    .map((line) => line.replace(/^[\s│╷╵]+/, "").trim())
    .filter((line) => line !== "");
  return lines.find((line) => line.startsWith("Error:")) ?? firstLine(lines.join("\n"));
}

export interface LoadOptions {
  readonly environment: string;
  readonly outputsFile?: string;
  readonly cwd: string;
  readonly terraformOutput: TerraformOutput;
}

export async function loadStackOutputs(options: LoadOptions): Promise<StackOutputs> {
  let source: string;
  let text: string;
  if (options.outputsFile !== undefined) {
    source = options.outputsFile;
    try {
      text = readFileSync(options.outputsFile, "utf8");
    } catch (error) {
      throw new CliError(
        `--outputs ${options.outputsFile}: cannot be read (${(error as NodeJS.ErrnoException).code ?? "error"}); give the file written by terraform output -json or cdktf deploy --outputs-file`,
      );
    }
  } else {
    const stackDir = join(options.cwd, "cdktf.out", "stacks", options.environment);
    source = `terraform output in ${relative(options.cwd, stackDir) || "."}`;
    if (!existsSync(stackDir)) {
      throw new CliError(
        `${relative(options.cwd, stackDir)} does not exist: run this in the project folder after cdktf deploy, or give the outputs with --outputs <file>`,
      );
    }
    text = await options.terraformOutput(stackDir);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new CliError(
      `${source}: is not JSON; expected the output of terraform output -json or cdktf deploy --outputs-file`,
    );
  }
  return parseStackOutputs(raw, options.environment, source);
}

/** Accepts `terraform output -json` ({name: {value}}) or cdktf's outputs file ({stack: {name: value}}). */
export function parseStackOutputs(raw: unknown, environment: string, source: string): StackOutputs {
  const values = plainValues(raw, environment, source);
  const parsed: Record<string, unknown> = {};
  for (const [key, name] of Object.entries(STACK_OUTPUTS) as [keyof typeof STACK_OUTPUTS, string][]) {
    if (values[name] === undefined || values[name] === null) continue;
    const result = SCHEMAS[key].safeParse(values[name]);
    if (!result.success) {
      const issue = result.error.issues[0];
      const field = issue.path.length > 0 ? ` field "${issue.path.join(".")}"` : "";
      throw new CliError(
        `${source}: output "${name}"${field}: ${issue.message}; deploy the stack again with this package's version, or fix the file`,
      );
    }
    parsed[key] = result.data;
  }
  if (parsed.directoryManagerSettings === undefined) {
    throw new CliError(
      `${source}: has no output "${STACK_OUTPUTS.directoryManagerSettings}"; the stack needs a flowEnvironment (config field "flowEnvironment"), deployed`,
    );
  }
  return { ...(parsed as unknown as StackOutputs), source };
}

function plainValues(raw: unknown, environment: string, source: string): Record<string, unknown> {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw))
    throw new CliError(`${source}: expected a JSON object of outputs`);
  const entries = Object.entries(raw as Record<string, unknown>);
  const isTerraformShape =
    entries.length > 0 && entries.every(([, v]) => typeof v === "object" && v !== null && "value" in v);
  if (isTerraformShape) return Object.fromEntries(entries.map(([k, v]) => [k, (v as { value: unknown }).value]));
  const stack = (raw as Record<string, unknown>)[environment];
  if (typeof stack === "object" && stack !== null) return stack as Record<string, unknown>;
  throw new CliError(
    `${source}: holds neither terraform output -json values nor a stack named "${environment}"; give --env the stack's name`,
  );
}
