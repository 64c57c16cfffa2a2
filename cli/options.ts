/**
 * The command line, parsed with node:util parseArgs (strict: an unknown option is an error) and
 * checked: each bad value gets a one-line message naming the option and the expected form.
 * No option takes a credential.
 */
import { parseArgs } from "node:util";
import type { VerifyOptions } from "./checks/check";
import { GUID, ROUTE_KEY } from "../contract/patterns";
import { CliError } from "./cli-error";
import type { DeployCodeOptions } from "./commands/deploy-code";
import type { DmSettingsOptions } from "./commands/dm-settings";
import type { FlowTemplateOptions } from "./commands/flow-template";
import type { CommonOptions } from "./run-context";

export const COMMANDS = ["dm-settings", "verify", "flow-template", "deploy-code"] as const;
export type CommandName = (typeof COMMANDS)[number];

export type Parsed =
  | { readonly kind: "help"; readonly command?: CommandName }
  | { readonly kind: "version" }
  | { readonly kind: "dm-settings"; readonly common: CommonOptions; readonly options: DmSettingsOptions }
  | { readonly kind: "flow-template"; readonly common: CommonOptions; readonly options: FlowTemplateOptions }
  | {
      readonly kind: "verify";
      readonly common: CommonOptions;
      readonly options: Omit<VerifyOptions, "expectVersion"> & { readonly expectVersion?: string };
    }
  | { readonly kind: "deploy-code"; readonly common: CommonOptions; readonly options: DeployCodeOptions };

/** The stack (environment) name: the config file's base name (the config loader's rule). */
const ENVIRONMENT_NAME = /^[a-z][a-z0-9-]{0,19}$/;

const SPEC = {
  env: { type: "string" },
  outputs: { type: "string" },
  "dm-url": { type: "string" },
  "ca-file": { type: "string" },
  timeout: { type: "string" },
  json: { type: "boolean" },
  apply: { type: "boolean" },
  "push-client-secret": { type: "boolean" },
  "send-test-event": { type: "string" },
  "check-callback-url": { type: "boolean" },
  "expiry-days": { type: "string" },
  "stuck-minutes": { type: "string" },
  "expect-version": { type: "string" },
  skip: { type: "string", multiple: true },
  route: { type: "string" },
  out: { type: "string" },
  "relay-principal-id": { type: "string" },
  package: { type: "string" },
  deadline: { type: "string" },
  "poll-ms": { type: "string" },
  help: { type: "boolean", short: "h" },
  version: { type: "boolean" },
} as const;

const ONLY_FOR: Record<string, CommandName> = {
  apply: "dm-settings",
  "push-client-secret": "dm-settings",
  "send-test-event": "verify",
  "check-callback-url": "verify",
  "expiry-days": "verify",
  "stuck-minutes": "verify",
  "expect-version": "verify",
  skip: "verify",
  route: "flow-template",
  out: "flow-template",
  "relay-principal-id": "flow-template",
  package: "deploy-code",
  deadline: "deploy-code",
  "poll-ms": "deploy-code",
};

/** --timeout: seconds, a fraction allowed (tests use short deadlines), 0.05 to 600; in milliseconds. */
function seconds(value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback * 1000;
  const n = Number(value);
  if (!/^\d+(\.\d+)?$/.test(value) || n < 0.05 || n > 600)
    throw new CliError(`--timeout ${value}: expected a number of seconds from 0.05 to 600`);
  return Math.round(n * 1000);
}

function wholeNumber(option: string, value: string | undefined, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < min || n > max)
    throw new CliError(`--${option} ${value}: expected a whole number from ${min} to ${max}`);
  return n;
}

export function parseCommandLine(argv: readonly string[]): Parsed {
  let parsed: ReturnType<
    typeof parseArgs<{ options: typeof SPEC; allowPositionals: true; strict: true; args: string[] }>
  >;
  try {
    parsed = parseArgs({ args: [...argv], options: SPEC, allowPositionals: true, strict: true });
  } catch (error) {
    // parseArgs' message is one line, e.g. "Unknown option '--password'".
    throw new CliError(
      `${(error as Error).message.split(/\r?\n/)[0].replace(/\.$/, "")}; see dmflow --help (credentials come from environment variables or Key Vault, never from options)`,
    );
  }
  const { values, positionals } = parsed;
  if (values.help) {
    const command = positionals.find((p): p is CommandName => (COMMANDS as readonly string[]).includes(p));
    return command === undefined ? { kind: "help" } : { kind: "help", command };
  }
  if (values.version) return { kind: "version" };
  const [command, ...extra] = positionals;
  if (command === undefined)
    throw new CliError(`no command given; expected one of: ${COMMANDS.join(", ")} (see dmflow --help)`);
  if (!(COMMANDS as readonly string[]).includes(command))
    throw new CliError(`unknown command "${command}"; expected one of: ${COMMANDS.join(", ")}`);
  if (extra.length > 0)
    throw new CliError(`unexpected argument "${extra[0]}"; options start with -- (see dmflow --help)`);
  for (const [option, owner] of Object.entries(ONLY_FOR)) {
    if (values[option as keyof typeof values] !== undefined && owner !== command)
      throw new CliError(`--${option} belongs to dmflow ${owner}, not ${command}`);
  }
  if (values.env === undefined) throw new CliError(`--env is required: the stack (environment) name, e.g. --env prod`);
  if (!ENVIRONMENT_NAME.test(values.env))
    throw new CliError(
      `--env ${values.env}: expected 1-20 lower-case letters, digits and hyphens, starting with a letter (the config file's base name)`,
    );
  const common: CommonOptions = {
    environment: values.env,
    outputsFile: values.outputs,
    directoryManagerUrl: values["dm-url"],
    caFile: values["ca-file"],
    timeoutMs: seconds(values.timeout, 30),
    json: values.json ?? false,
  };
  if (values["push-client-secret"])
    throw new CliError(
      "--push-client-secret: dmflow no longer sends the Client Secret: the 11.1 API's settings have no such field (a server drops it unseen); set it in Admin Center → Identity Stores → (store) → Workflows → Advanced Workflow Settings → Power Automate Settings → Register Client",
    );
  if (command === "flow-template") {
    if (values.out === undefined) throw new CliError("--out is required: the directory the solutions are written to");
    if (values.route !== undefined && !ROUTE_KEY.test(values.route))
      throw new CliError(`--route ${values.route}: expected a route key such as create-user`);
    const principal = values["relay-principal-id"];
    if (principal !== undefined && !GUID.test(principal))
      throw new CliError(
        `--relay-principal-id ${principal}: expected a GUID (terraform output relay_identity_principal_id)`,
      );
    return {
      kind: "flow-template",
      common,
      options: {
        out: values.out,
        ...(values.route ? { route: values.route } : {}),
        ...(principal ? { relayPrincipalId: principal.toLowerCase() } : {}),
      },
    };
  }
  if (command === "dm-settings") return { kind: "dm-settings", common, options: { apply: values.apply ?? false } };
  if (command === "deploy-code") return { kind: "deploy-code", common, options: deployCodeOptions(values) };
  const route = values["send-test-event"];
  if (route !== undefined && !ROUTE_KEY.test(route))
    throw new CliError(`--send-test-event ${route}: expected a route key such as create-user`);
  return {
    kind: "verify",
    common,
    options: {
      expiryDays: wholeNumber("expiry-days", values["expiry-days"], 30, 0, 3650),
      stuckMinutes: wholeNumber("stuck-minutes", values["stuck-minutes"], 30, 1, 10_080),
      ...(values["expect-version"] !== undefined ? { expectVersion: values["expect-version"] } : {}),
      ...(route !== undefined ? { sendTestEvent: route } : {}),
      ...(values["check-callback-url"] ? { checkCallbackUrl: true } : {}),
      skip: values.skip ?? [],
    },
  };
}

function deployCodeOptions(values: { package?: string; deadline?: string; "poll-ms"?: string }): DeployCodeOptions {
  const deadline = values.deadline === undefined ? 600 : Number(values.deadline);
  if (values.deadline !== undefined && (!/^\d+(\.\d+)?$/.test(values.deadline) || deadline <= 0 || deadline > 3600))
    throw new CliError(`--deadline ${values.deadline}: expected seconds, more than 0 and at most 3600`);
  return {
    ...(values.package !== undefined ? { packagePath: values.package } : {}),
    deadlineMs: Math.round(deadline * 1000),
    pollMs: wholeNumber("poll-ms", values["poll-ms"], 5000, 10, 60_000),
  };
}

const COMMON_OPTIONS = `  --env <env>                 the stack (environment) name, as in config/<env>.json
  --outputs <file>            the stack's outputs (terraform output -json, or cdktf deploy
                              --outputs-file); default: terraform output in cdktf.out/stacks/<env>
  --dm-url <url>              Directory Manager's API base (default https://<server>:4443, or DMFLOW_DM_URL)
  --ca-file <pem>             also trust this CA (an internal CA); verification is never turned off
  --timeout <seconds>         per request (default 30)
  --json                      one JSON report on stdout (progress stays on stderr)`;

const CREDENTIALS = `Credentials, from the environment or Key Vault only (never options):
  DMFLOW_DM_USERNAME, DMFLOW_DM_PASSWORD, DMFLOW_DM_CLIENT_ID, DMFLOW_DM_CLIENT_SECRET
      Directory Manager's API user and API client; default: the stack's dm-api-* Key Vault secrets
  Azure (function key, Key Vault, queues, Graph): your Azure sign-in (az login, pipeline OIDC,
      workload or managed identity)`;

/** Each command's own --help; a command without an entry shows the general usage. */
const HELP: Partial<Record<CommandName, (version: string) => string>> = {
  "dm-settings": () => `Usage: dmflow dm-settings --env <env> [--apply] [options]

Compares Directory Manager's Power Automate settings and workflow routes with the stack, field by
field and route by route (request URL, flow template, msFlowToken); nothing changes without
--apply, which writes what differs (settings, then routes) and reads it back. Client ID and
Client Secret are not in the 11.1 API: set them in Admin Center → Register Client.

Options:
${COMMON_OPTIONS}
  --apply                     write what differs, then read back

${CREDENTIALS}

Exit status: 0 matches in every field the API shows; 1 differences; 2 could not run;
3 no difference the API shows, but fields it cannot confirm (check them in Admin Center).`,
  verify: (version) => `Usage: dmflow verify --env <env> [--send-test-event <route>] [options]

The validation checklist: relay health, Key Vault secrets, admin consent, Directory Manager
settings and each route's set-up, queues, and optionally one test event; one ✓/✗ line per check.

Options:
${COMMON_OPTIONS}
  --send-test-event <route>   send one marked test event through the relay's route
  --check-callback-url        fetch the callback URL (groupIDServiceUrl) trusting only public
                              roots, as Power Automate does (not --ca-file)
  --expiry-days <n>           secrets must stay valid n more days (default 30)
  --stuck-minutes <n>         a queued event visible n minutes is stuck (default 30)
  --expect-version <v>        the version the relay must report (default ${version})
  --skip <check>              leave a check out, e.g. directory-manager-settings where this
                              machine cannot reach Directory Manager (repeatable)

${CREDENTIALS}

Exit status: 0 every check passed; 1 a check failed; 2 could not run.`,
  "deploy-code": () => `Usage: dmflow deploy-code --env <env> [--package dist/relay.zip] [options]

Pushes the relay's zip to its function app with OneDeploy and an Entra token (as az functionapp
deploy --type zip does), waits until the deployment succeeded and every relay function is indexed,
and names the step that failed otherwise (docs/deploying.md).

Options:
${COMMON_OPTIONS}
  --package <zip>             the relay package (default dist/relay.zip, built by npm run build:relay)
  --deadline <seconds>        how long to wait for the deployment and the functions (default 600)
  --poll-ms <n>               milliseconds between two polls (default 5000)

Azure: your Azure sign-in (az login, pipeline OIDC, workload or managed identity), with
Microsoft.Web/sites/publish/Action on the function app (e.g. Website Contributor on it).

Exit status: 0 deployed and indexed; 1 the deployment or the indexing failed; 2 could not run.`,
  "flow-template":
    () => `Usage: dmflow flow-template --env <env> [--route <route>] [--relay-principal-id <id>] --out <dir>

Writes each route's flow as an unmanaged Power Automate solution (zip) and its deployment-settings
file, offline from config/<env>.json: no deployed stack, no sign-in (docs/flow.md).

Options:
  --env <env>                 the stack (environment) name, as in config/<env>.json
  --out <dir>                 where the solutions are written (created if missing)
  --route <route>             only this route (default: every route)
  --relay-principal-id <id>   the relay identity's object id, the only caller of routes in Entra
                              mode (terraform output relay_identity_principal_id)
  --json                      one JSON report on stdout

Exit status: 0 written; 2 could not run.`,
};

export function usage(version: string, command?: CommandName): string {
  const own = command === undefined ? undefined : HELP[command];
  if (own !== undefined) return `dmflow ${version}\n\n${own(version)}`;
  return `dmflow ${version}: Directory Manager ⇄ Power Automate, after the deploy

Usage:
  dmflow dm-settings --env <env> [--apply] [options]
  dmflow verify --env <env> [--send-test-event <route>] [options]
  dmflow flow-template --env <env> [--route <route>] [--relay-principal-id <id>] --out <dir>
  dmflow deploy-code --env <env> [--package dist/relay.zip] [options]
  dmflow <command> --help     that command's options

Commands:
  dm-settings  compare Directory Manager's Power Automate settings and workflow routes with the
               stack, field by field; nothing changes without --apply, which writes what differs
               and reads it back
  verify       the validation checklist: relay health, Key Vault secrets, admin consent,
               Directory Manager settings, queues, and optionally one test event
  flow-template  write each route's flow as an importable Power Automate solution (zip) and
               its deployment-settings file, offline from config/<env>.json (docs/flow.md)
  deploy-code  push the relay's zip with OneDeploy (Entra token), wait until the deployment
               succeeded and the functions are indexed; non-zero naming what failed

Options:
${COMMON_OPTIONS}
  --apply                     dm-settings: write what differs, then read back
  --send-test-event <route>   verify: send one marked test event through the relay's route
  --check-callback-url        verify: fetch the callback URL trusting only public roots
  --expiry-days <n>           verify: secrets must stay valid n more days (default 30)
  --stuck-minutes <n>         verify: a queued event visible n minutes is stuck (default 30)
  --expect-version <v>        verify: the version the relay must report (default ${version})
  --skip <check>              verify: leave a check out, e.g. directory-manager-settings where this
                              machine cannot reach Directory Manager (repeatable)
  --out <dir>                 flow-template: where the solutions are written
  --route <route>             flow-template: only this route (default: every route)
  --relay-principal-id <id>   flow-template: the relay identity's object id, the only caller of
                              routes in Entra mode (terraform output relay_identity_principal_id)
  --package <zip>             deploy-code: the relay package (default dist/relay.zip)
  --deadline <seconds>        deploy-code: how long to wait for the deployment and functions (default 600)
  --poll-ms <n>               deploy-code: milliseconds between two polls (default 5000)

${CREDENTIALS}

Exit status: 0 in sync / every check passed; 1 differences or failed checks; 2 could not run;
3 dm-settings: no difference the API shows, but fields it cannot confirm.`;
}
