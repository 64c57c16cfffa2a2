/**
 * The built relay bundle (scripts/build/relay.js) loaded and invoked the way the Azure Functions
 * Node worker does it, without the worker: the worker's core API (`@azure/functions-core`, which
 * only the worker provides) is stood in for by a module that records what the bundle registers and
 * the programming model @azure/functions hands it. An HTTP invocation is then the worker's own
 * sequence on the library's model: the host's RPC message (the request as RpcHttpData, its body as
 * bytes) → getArguments (an HttpRequest) → the registered handler → getResponse (RPC again).
 * What this leaves out is the host itself: its HTTP server and gRPC hop. Its function-key check is
 * played when keys are given, as Microsoft documents it ("Work with access keys in Azure Functions",
 * learn.microsoft.com/azure/azure-functions/function-keys-how-to): for authLevel "function", a
 * function key opens only the function it is defined on, a host key opens every function, the
 * master key everything; a missing or wrong key is answered 401 before the function runs.
 */
import { randomUUID } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

type Bindings = Record<
  string,
  { readonly type: string; readonly direction: string; readonly [option: string]: unknown }
>;

interface InvocationModel {
  getArguments(): Promise<{ context: unknown; inputs: unknown[] }>;
  invokeFunction(context: unknown, inputs: unknown[], handler: unknown): Promise<unknown>;
  getResponse(context: unknown, result: unknown): Promise<{ returnValue?: { http?: RpcHttpResponse } }>;
}

interface RpcHttpResponse {
  readonly statusCode: string;
  readonly headers: Record<string, string>;
  readonly body?: { readonly bytes?: Uint8Array; readonly string?: string };
}

/** What the stand-in core API records. */
interface CoreApi {
  model?: { getInvocationModel(coreContext: unknown): InvocationModel };
  readonly functions: Map<string, { metadata: { name: string; bindings: Bindings }; handler: unknown }>;
}

export interface HostRequest {
  readonly method: "GET" | "POST";
  /** Below /api/, e.g. "flows/create-user". */
  readonly path: string;
  readonly headers?: Record<string, string>;
  /** A string is sent as UTF-8; a Buffer as its bytes. */
  readonly body?: string | Buffer;
  /** Route parameters, as the host fills them from the registration's route template. */
  readonly params?: Record<string, string>;
  /** The query string's parameters (the host reads a key from `code`). */
  readonly query?: Record<string, string>;
}

/** The app's access keys, as the host keeps them (function keys per function name). */
export interface HostKeys {
  readonly master: string;
  readonly host: readonly string[];
  readonly functions: Readonly<Record<string, readonly string[]>>;
}

export interface HostResponse {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: string;
}

export interface LoadedFunctionApp {
  /** Names and bindings of every registered function, in registration order. */
  readonly functions: ReadonlyMap<string, Bindings>;
  /** One invocation of a registered HTTP function, as the worker runs it. */
  invokeHttp(name: string, request: HostRequest): Promise<HostResponse>;
}

const CORE_API_GLOBAL = "__relayFunctionsCoreApi";

/**
 * Loads `<bundleDir>/index.js` with `env` as its app settings (set while it loads: the relay reads
 * them once, at start-up) and returns its registrations. `onLog` receives what the functions log
 * through their invocation context.
 */
export function loadFunctionApp(
  bundleDir: string,
  env: Record<string, string>,
  onLog: (level: string, message: string) => void = () => undefined,
  keys?: HostKeys,
): LoadedFunctionApp {
  const coreDir = join(bundleDir, "node_modules", "@azure", "functions-core");
  mkdirSync(coreDir, { recursive: true });
  writeFileSync(join(coreDir, "index.js"), `module.exports = globalThis.${CORE_API_GLOBAL};\n`);
  const core: CoreApi = { functions: new Map() };
  const api = {
    setProgrammingModel: (model: CoreApi["model"]) => void (core.model = model),
    registerFunction: (metadata: { name: string; bindings: Bindings }, handler: unknown) => {
      core.functions.set(metadata.name, { metadata, handler });
      return { dispose: () => undefined };
    },
    registerHook: () => ({ dispose: () => undefined }),
    log: () => undefined,
  };
  const saved = Object.fromEntries(Object.keys(env).map((name) => [name, process.env[name]]));
  const global = globalThis as Record<string, unknown>;
  global[CORE_API_GLOBAL] = api;
  Object.assign(process.env, env);
  try {
    require(join(bundleDir, "index.js"));
  } finally {
    delete global[CORE_API_GLOBAL];
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
  const model = core.model;
  if (!model) throw new Error("the bundle registered no function (no programming model was set)");

  return {
    functions: new Map([...core.functions].map(([name, { metadata }]) => [name, metadata.bindings])),
    async invokeHttp(name, request) {
      const registered = core.functions.get(name);
      if (!registered) throw new Error(`no function "${name}" is registered`);
      const { metadata, handler } = registered;
      const trigger = Object.entries(metadata.bindings).find(([, b]) => b.type.toLowerCase() === "httptrigger");
      if (!trigger) throw new Error(`function "${name}" has no HTTP trigger`);
      if (keys && !keyOpens(keys, name, String(trigger[1].authLevel), request))
        return { status: 401, headers: {}, body: "" };
      const body =
        request.body === undefined
          ? undefined
          : typeof request.body === "string"
            ? Buffer.from(request.body, "utf8")
            : request.body;
      const http = {
        method: request.method,
        url: `https://relay-host.test/api/${request.path}`,
        headers: request.headers ?? {},
        query: request.query ?? {},
        params: request.params ?? {},
        ...(body ? { body: { bytes: body } } : {}),
      };
      const invocationId = randomUUID();
      const invocation = model.getInvocationModel({
        invocationId,
        metadata,
        request: {
          invocationId,
          functionId: name,
          inputData: [{ name: trigger[0], data: { http } }],
          triggerMetadata: {},
        },
        log: (level: string, _category: string, message: string) => onLog(level, message),
        state: undefined,
      });
      const { context, inputs } = await invocation.getArguments();
      const result = await invocation.invokeFunction(context, inputs, handler);
      const rpc = (await invocation.getResponse(context, result)).returnValue?.http;
      if (!rpc) throw new Error(`function "${name}" returned no HTTP response`);
      const bytes = rpc.body?.bytes;
      return {
        status: Number(rpc.statusCode),
        headers: rpc.headers,
        body: bytes ? Buffer.from(bytes).toString("utf8") : (rpc.body?.string ?? ""),
      };
    },
  };
}

/** Whether the request's key (x-functions-key, else ?code=) opens this function at its auth level. */
function keyOpens(keys: HostKeys, functionName: string, authLevel: string, request: HostRequest): boolean {
  if (authLevel.toLowerCase() === "anonymous") return true;
  const given = request.headers?.["x-functions-key"] ?? request.query?.code;
  if (given === undefined) return false;
  if (given === keys.master) return true;
  if (authLevel.toLowerCase() === "admin") return false;
  return [...keys.host, ...(keys.functions[functionName] ?? [])].includes(given);
}
