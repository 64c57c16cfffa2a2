import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { parseDocument } from "yaml";

export const ROOT = join(__dirname, "..", "..");

export interface PipelineFile {
  /** Path from the repository root. */
  readonly path: string;
  readonly text: string;
  /** The parsed YAML (plain objects). */
  readonly doc: Record<string, unknown>;
  readonly kind: "github" | "azure-devops";
}

/** Each file's parsed YAML, by path and text: parsed once per test file (each caller gets its own toJS()). */
const parsedFiles = new Map<string, { text: string; parsed: ReturnType<typeof parseDocument> }>();

function parseOnce(path: string, text: string): ReturnType<typeof parseDocument> {
  const kept = parsedFiles.get(path);
  if (kept?.text === text) return kept.parsed;
  const parsed = parseDocument(text, { prettyErrors: true });
  parsedFiles.set(path, { text, parsed });
  return parsed;
}

/** Every GitHub workflow and Azure DevOps pipeline file, parsed; a YAML error throws with the file name. */
export function pipelineFiles(): PipelineFile[] {
  const dirs: Array<[string, PipelineFile["kind"]]> = [
    [join(ROOT, ".github", "workflows"), "github"],
    [join(ROOT, "pipelines"), "azure-devops"],
  ];
  return dirs.flatMap(([dir, kind]) =>
    readdirSync(dir)
      .filter((f) => /\.ya?ml$/.test(f))
      .sort()
      .map((f) => {
        const path = relative(ROOT, join(dir, f));
        const text = readFileSync(join(dir, f), "utf8");
        const parsed = parseOnce(path, text);
        const problems = [...parsed.errors, ...parsed.warnings];
        if (problems.length > 0) throw new Error(`${path}: ${problems.map((p) => p.message).join("; ")}`);
        return { path, text, doc: parsed.toJS() as Record<string, unknown>, kind };
      }),
  );
}

export function file(path: string): PipelineFile {
  const found = pipelineFiles().find((f) => f.path === path);
  if (!found) throw new Error(`${path} not found`);
  return found;
}

/** A step (GitHub or Azure DevOps) found anywhere in a document, with where it is. */
export interface FoundStep {
  readonly where: string;
  readonly step: Record<string, unknown>;
}

/** Every object in a steps list, however deeply nested (jobs, stages, strategies, template conditionals). */
export function stepsOf(doc: unknown, where = ""): FoundStep[] {
  if (Array.isArray(doc)) return doc.flatMap((item, i) => stepsOf(item, `${where}[${i}]`));
  if (doc === null || typeof doc !== "object") return [];
  return Object.entries(doc as Record<string, unknown>).flatMap(([key, value]) => {
    if (key === "steps" && Array.isArray(value)) {
      return value.flatMap((step, i) => {
        if (step === null || typeof step !== "object") return [];
        const entries = Object.entries(step as Record<string, unknown>);
        // An Azure DevOps `${{ if ... }}:` entry holds more steps.
        if (entries.length === 1 && entries[0][0].startsWith("${{"))
          return stepsOf({ steps: entries[0][1] }, `${where}.steps[${i}]`);
        return [{ where: `${where}.steps[${i}]`, step: step as Record<string, unknown> }];
      });
    }
    return stepsOf(value, `${where}.${key}`);
  });
}

/**
 * The shell text of a step: GitHub `run`, Azure DevOps `script`/`bash`, an AzureCLI inline script,
 * or the `script` parameter of a template call (pipelines/terraform-task-steps.yml runs it).
 */
export function scriptOf(step: Record<string, unknown>): string | undefined {
  for (const key of ["run", "script", "bash"]) if (typeof step[key] === "string") return step[key] as string;
  const inputs = step.inputs as Record<string, unknown> | undefined;
  if (typeof inputs?.inlineScript === "string") return inputs.inlineScript;
  const parameters = step.parameters as Record<string, unknown> | undefined;
  if (typeof step.template === "string" && typeof parameters?.script === "string") return parameters.script;
  return undefined;
}

/** The environment variables a step sets: `env`, or the `env` parameter of a template call. */
export function envOf(step: Record<string, unknown>): Record<string, string> {
  const parameters = step.parameters as Record<string, unknown> | undefined;
  return ((typeof step.template === "string" ? parameters?.env : step.env) ?? {}) as Record<string, string>;
}

export interface NpmCall {
  /** The script name for `npm run X`, or the npm command (ci, test, …). */
  readonly name: string;
  readonly isRun: boolean;
  readonly ifPresent: boolean;
  readonly line: string;
}

const NPM =
  /(?:^|[\s;&|(`$])npm\s+((?:-{1,2}[\w-]+\s+)*)(run(?:-script)?\s+((?:-{1,2}[\w-]+\s+)*)([\w:.-]+)|([a-z][\w-]*))([^\n;&|)]*)/g;

/** Every npm invocation in a shell script. */
export function npmCalls(script: string): NpmCall[] {
  return [...script.matchAll(NPM)].map((m) => ({
    name: m[4] ?? m[5],
    isRun: m[4] !== undefined,
    ifPresent: /--if-present/.test(`${m[1]}${m[3] ?? ""}${m[6]}`),
    line: m[0].trim(),
  }));
}
