/** Runs dmflow in-process with no network, Azure or terraform: for arguments and files alone. */
import type { CliDeps } from "../../../cli/deps";
import { run } from "../../../cli/main";

const unreachable = (what: string) => () => {
  throw new Error(`${what} must not be used here`);
};

export async function runOffline(
  argv: readonly string[],
  overrides: Partial<CliDeps> = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const code = await run(argv, {
    stdout: (t) => void stdout.push(t),
    stderr: (t) => void stderr.push(t),
    env: {},
    cwd: "/nonexistent-project",
    now: () => 0,
    newId: () => "id",
    packageVersion: "9.9.9",
    terraformOutput: unreachable("terraform"),
    azureCredential: unreachable("the Azure credential"),
    secretStores: unreachable("Key Vault"),
    queueService: unreachable("Storage"),
    azureEndpoints: { resourceManager: "https://arm.invalid", graph: "https://graph.invalid" },
    ...overrides,
  });
  return { code, stdout: stdout.join(""), stderr: stderr.join("") };
}
