/**
 * Builds the relay from app settings: validates its settings once at start-up and wires the
 * dependencies. With a bad configuration the relay still starts, logs one line naming each bad
 * setting, answers 503 on every endpoint that needs it, and reports the problems on /api/health.
 */
import { randomUUID } from "node:crypto";
import { RELAY_SETTINGS } from "../contract/relay-settings";
import { systemClock, type Clock } from "./clock";
import { SETTING_DEFAULTS, describeProblems, readSettings, secretsOf } from "./settings/settings";
import type { Env } from "./settings/setting-values";
import { receiveDecision } from "./http/decisions";
import { DirectoryManagerClient } from "./delivery/directory-manager-client";
import { healthReport } from "./http/health";
import { createHttpsClient, type HttpClient } from "./delivery/http-client";
import { receiveFlowEvent } from "./http/ingress";
import { createLogger, type Invocation, type LogSink } from "./logging";
import { createBlobPayloadStore, type PayloadStore } from "./storage/payload-store";
import { processQueuedMessage } from "./delivery/queue-processor";
import { DEFAULT_BACKOFF, type RedeliveryPolicy, type Settlement } from "./delivery/redelivery";
import type { RelayDeps } from "./relay-deps";
import { createStorageQueues, type RelayQueues } from "./storage/relay-queues";
import { errorResponse, type RelayResponse } from "./http/relay-response";
import type { IncomingRequest } from "./http/request-body";

export interface RelayOverrides {
  readonly http?: HttpClient;
  readonly queues?: RelayQueues;
  readonly payloads?: PayloadStore;
  readonly clock?: Clock;
  readonly logSink?: LogSink;
  readonly backoff?: Partial<Omit<RedeliveryPolicy, "maxAttempts">>;
  readonly newId?: () => string;
}

/**
 * The relay's four operations, each answering 503 (or throwing, for the queue) while misconfigured.
 * The Functions host passes each call's InvocationContext; its id is on every line logged for it.
 */
export interface Relay {
  flowEvent(route: string, request: IncomingRequest, invocation?: Invocation): Promise<RelayResponse>;
  decision(request: IncomingRequest, invocation?: Invocation): Promise<RelayResponse>;
  health(): RelayResponse;
  queuedMessage(raw: unknown, invocation?: Invocation): Promise<Settlement>;
}

export function createRelay(env: Env, overrides: RelayOverrides = {}): Relay {
  const clock = overrides.clock ?? systemClock;
  const logger = createLogger(overrides.logSink, () => clock.now());
  const read = readSettings(env);
  // Reported even when the rest of the settings are invalid.
  const version = read.ok ? read.settings.version : env[RELAY_SETTINGS.version]?.trim() || SETTING_DEFAULTS.version;
  let deps: RelayDeps | undefined;
  if (read.ok) {
    const { settings } = read;
    for (const secret of secretsOf(settings)) logger.addSecret(secret);
    const http = overrides.http ?? createHttpsClient();
    const payloads = overrides.payloads ?? createBlobPayloadStore(settings.storage);
    deps = {
      settings,
      http,
      queues: overrides.queues ?? createStorageQueues(settings.storage, payloads),
      payloads,
      clock,
      logger,
      redelivery: { ...DEFAULT_BACKOFF, ...overrides.backoff, maxAttempts: settings.maxAttempts },
      directoryManager: settings.decisions && new DirectoryManagerClient(settings.decisions, http, clock, logger),
      newId: overrides.newId ?? randomUUID,
    };
    logger.log({ event: "relay.started", version, routes: [...settings.routes.keys()], decisions: deps.directoryManager !== undefined });
  } else {
    logger.log({ event: "relay.config_invalid", level: "error", version, error: describeProblems(read.problems) });
  }
  const problems = read.ok ? [] : read.problems;
  const misconfigured = () => errorResponse(503, "configuration_invalid", `the relay is not configured: ${describeProblems(problems)}`);
  /** The dependencies for one invocation: the same, with a logger that stamps its invocation id. */
  const forCall = (ready: RelayDeps, invocation: Invocation | undefined): RelayDeps => (invocation ? { ...ready, logger: ready.logger.forInvocation(invocation) } : ready);
  return {
    flowEvent: (route, request, invocation) => (deps ? receiveFlowEvent(route, request, forCall(deps, invocation)) : Promise.resolve(misconfigured())),
    decision: (request, invocation) => (deps ? receiveDecision(request, forCall(deps, invocation)) : Promise.resolve(misconfigured())),
    health: () => healthReport(version, deps ? { settings: deps.settings } : { problems }),
    queuedMessage: async (raw, invocation) => {
      // Failing leaves the message to the host: retried, then moved to "<queue>-poison"; never dropped.
      if (!deps) throw new Error(`the relay is not configured: ${describeProblems(problems)}`);
      return processQueuedMessage(raw, forCall(deps, invocation));
    },
  };
}
