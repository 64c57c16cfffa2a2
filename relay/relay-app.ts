/**
 * Builds the relay from app settings: validates its settings once at start-up and wires the
 * dependencies. With a bad configuration the relay still starts, logs one line naming each bad
 * setting, answers 503 on every endpoint that needs it, and reports the problems on /api/health.
 * Bad decision settings switch off only /api/decisions (503 decisions_unavailable): events need none.
 */
import { randomUUID } from "node:crypto";
import { RELAY_SETTINGS } from "../contract/relay-settings";
import { systemClock, type Clock } from "./clock";
import { SETTING_DEFAULTS, describeProblems, readSettings, secretsOf } from "./settings/settings";
import type { Env } from "./settings/setting-values";
import { receiveDecision } from "./http/decisions";
import { DirectoryManagerClient } from "./delivery/directory-manager-client";
import { healthDetails, healthStatus } from "./http/health";
import { CORRELATION_HEADER, correlationIdFrom } from "./correlation";
import { createHttpsClient, type HttpClient } from "./delivery/http-client";
import { managedIdentityFlowToken, type FlowTokenSource } from "./delivery/flow-token";
import { receiveFlowEvent } from "./http/ingress";
import { createLogger, type Invocation, type LogSink } from "./logging";
import { createBlobPayloadStore, type PayloadStore } from "./storage/payload-store";
import { createBlobDecisionRecords, type DecisionRecords } from "./storage/decision-records";
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
  readonly decisionRecords?: DecisionRecords;
  readonly clock?: Clock;
  readonly logSink?: LogSink;
  readonly backoff?: Partial<Omit<RedeliveryPolicy, "maxAttempts" | "maxRetryAfterSeconds">>;
  readonly newId?: () => string;
  readonly flowToken?: FlowTokenSource;
}

/**
 * The relay's four operations, each answering 503 (or throwing, for the queue) while misconfigured.
 * The Functions host passes each call's InvocationContext; its id is on every line logged for it.
 */
export interface Relay {
  flowEvent(route: string, request: IncomingRequest, invocation?: Invocation): Promise<RelayResponse>;
  decision(request: IncomingRequest, invocation?: Invocation): Promise<RelayResponse>;
  /** Anonymous: up or down only. */
  health(): RelayResponse;
  /** Behind a function key: version, routes, enrichment, decisions, or the setting problems. */
  healthDetails(): RelayResponse;
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
      decisionRecords: overrides.decisionRecords ?? createBlobDecisionRecords(settings.storage),
      clock,
      logger,
      redelivery: {
        ...DEFAULT_BACKOFF,
        ...overrides.backoff,
        maxAttempts: settings.maxAttempts,
        maxRetryAfterSeconds: settings.maxRetryAfterSeconds,
      },
      directoryManager: settings.decisions && new DirectoryManagerClient(settings.decisions, http, clock, logger),
      newId: overrides.newId ?? randomUUID,
      flowToken:
        overrides.flowToken ??
        managedIdentityFlowToken(settings.storage.kind === "identity" ? settings.storage.clientId : undefined),
    };
    logger.log({
      event: "relay.started",
      version,
      routes: [...settings.routes.keys()],
      decisions: deps.directoryManager !== undefined,
    });
    if (settings.decisionProblems.length > 0)
      logger.log({
        event: "relay.decisions_unavailable",
        level: "error",
        version,
        error: describeProblems(settings.decisionProblems),
      });
  } else {
    logger.log({ event: "relay.config_invalid", level: "error", version, error: describeProblems(read.problems) });
  }
  const problems = read.ok ? [] : read.problems;
  const misconfigured = () =>
    errorResponse(503, "configuration_invalid", `the relay is not configured: ${describeProblems(problems)}`);
  /** The dependencies for one invocation: the same, with a logger that stamps its invocation id. */
  const forCall = (ready: RelayDeps, invocation: Invocation | undefined): RelayDeps =>
    invocation ? { ...ready, logger: ready.logger.forInvocation(invocation) } : ready;
  /**
   * Runs one HTTP endpoint; an exception nothing expected (a bug, a library failing oddly) becomes
   * a logged 500 with an error code and the correlation id, never an empty answer.
   */
  const endpoint = async (
    name: string,
    request: IncomingRequest,
    invocation: Invocation | undefined,
    handle: (ready: RelayDeps, correlationId: string) => Promise<RelayResponse>,
  ): Promise<RelayResponse> => {
    if (!deps) return misconfigured();
    const ready = forCall(deps, invocation);
    const correlationId = correlationIdFrom(request.headers.get(CORRELATION_HEADER), ready.newId);
    try {
      return await handle(ready, correlationId);
    } catch (error) {
      const failure = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      ready.logger.log({
        event: `${name}.failed`,
        level: "error",
        correlationId,
        outcome: "internal_error",
        status: 500,
        error: failure,
      });
      return errorResponse(
        500,
        "internal_error",
        `the relay failed unexpectedly; it was logged with correlation id ${correlationId}`,
        { [CORRELATION_HEADER]: correlationId },
      );
    }
  };
  return {
    flowEvent: (route, request, invocation) =>
      endpoint("flow_event", request, invocation, (ready, id) => receiveFlowEvent(route, request, ready, id)),
    decision: (request, invocation) =>
      endpoint("decision", request, invocation, (ready, id) => receiveDecision(request, ready, id)),
    health: () => healthStatus(deps ? { settings: deps.settings } : { problems }),
    healthDetails: () => healthDetails(version, deps ? { settings: deps.settings } : { problems }),
    queuedMessage: async (raw, invocation) => {
      // Failing leaves the message to the host: retried, then moved to "<queue>-poison"; never dropped.
      if (!deps) throw new Error(`the relay is not configured: ${describeProblems(problems)}`);
      return processQueuedMessage(raw, forCall(deps, invocation));
    },
  };
}
