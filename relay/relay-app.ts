/**
 * Builds the relay from app settings: validates configuration once at start-up and wires the
 * dependencies. With a bad configuration the relay still starts, logs one line naming each bad
 * setting, answers 503 on every endpoint that needs it, and reports the problems on /api/health.
 */
import { randomUUID } from "node:crypto";
import { RELAY_SETTINGS } from "../contract/relay-settings";
import { systemClock, type Clock } from "./clock";
import { CONFIG_DEFAULTS, describeProblems, readConfig, secretsOf, type Env } from "./settings/settings";
import { receiveDecision } from "./http/decisions";
import { DirectoryManagerClient } from "./delivery/directory-manager-client";
import { healthReport } from "./http/health";
import { createHttpsClient, type HttpClient } from "./delivery/http-client";
import { receiveFlowEvent } from "./http/ingress";
import { createLogger, type LogSink } from "./logging";
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

/** The relay's four operations, each answering 503 (or throwing, for the queue) while misconfigured. */
export interface Relay {
  flowEvent(route: string, request: IncomingRequest): Promise<RelayResponse>;
  decision(request: IncomingRequest): Promise<RelayResponse>;
  health(): RelayResponse;
  queuedMessage(raw: unknown): Promise<Settlement>;
}

export function createRelay(env: Env, overrides: RelayOverrides = {}): Relay {
  const clock = overrides.clock ?? systemClock;
  const logger = createLogger(overrides.logSink, () => clock.now());
  const read = readConfig(env);
  // Reported even when the rest of the configuration is invalid.
  const version = read.ok ? read.config.version : env[RELAY_SETTINGS.version]?.trim() || CONFIG_DEFAULTS.version;
  let deps: RelayDeps | undefined;
  if (read.ok) {
    for (const secret of secretsOf(read.config)) logger.addSecret(secret);
    const http = overrides.http ?? createHttpsClient();
    const payloads = overrides.payloads ?? createBlobPayloadStore(read.config.storage);
    deps = {
      config: read.config,
      http,
      queues: overrides.queues ?? createStorageQueues(read.config.storage, payloads),
      payloads,
      clock,
      logger,
      redelivery: { ...DEFAULT_BACKOFF, ...overrides.backoff, maxAttempts: read.config.maxAttempts },
      directoryManager: read.config.decisions && new DirectoryManagerClient(read.config.decisions, http, clock, logger),
      newId: overrides.newId ?? randomUUID,
    };
    logger.log({ event: "relay.started", version, routes: [...read.config.routes.keys()], decisions: deps.directoryManager !== undefined });
  } else {
    logger.log({ event: "relay.config_invalid", level: "error", version, error: describeProblems(read.problems) });
  }
  const problems = read.ok ? [] : read.problems;
  const misconfigured = () => errorResponse(503, "configuration_invalid", `the relay is not configured: ${describeProblems(problems)}`);
  return {
    flowEvent: (route, request) => (deps ? receiveFlowEvent(route, request, deps) : Promise.resolve(misconfigured())),
    decision: (request) => (deps ? receiveDecision(request, deps) : Promise.resolve(misconfigured())),
    health: () => healthReport(version, deps ? { config: deps.config } : { problems }),
    queuedMessage: async (raw) => {
      // Failing leaves the message to the host: retried, then moved to "<queue>-poison"; never dropped.
      if (!deps) throw new Error(`the relay is not configured: ${describeProblems(problems)}`);
      return processQueuedMessage(raw, deps);
    },
  };
}
