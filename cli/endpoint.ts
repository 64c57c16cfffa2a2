/**
 * One call to a named service, with every way it can fail turned into a one-line CliError that
 * names the endpoint and what to check: unreachable, timeout, untrusted certificate, 401/403,
 * another status, or a body of an unexpected shape.
 */
import type { z } from "zod";
import { CliError } from "./cli-error";
import { NoAnswer, type HttpsAnswer, type HttpsClient, type HttpsRequest } from "./https-client";

export interface Service {
  /** Who answers, in the user's words, e.g. "Directory Manager's Data Service". */
  readonly name: string;
  /** What to check when it answers 401 or 403. */
  readonly whenDenied: string;
}

/** "GET https://host:port/path": never the query, which may hold a function key. */
export function describeRequest(request: HttpsRequest): string {
  return `${request.method} ${request.url.origin}${request.url.pathname}`;
}

/** The reason from an error body ({"message": …} or {"error": …}), if it has one; whole: it is clipped only after masking. */
function reasonIn(body: string): string {
  try {
    const parsed = JSON.parse(body) as Record<string, unknown>;
    const reason = [
      parsed.error_description,
      parsed.message,
      parsed.error,
      (parsed.error as { message?: unknown } | undefined)?.message,
    ].find((v) => typeof v === "string");
    return typeof reason === "string" ? ` (${reason.replace(/\s+/g, " ")})` : "";
  } catch {
    return "";
  }
}

export function noAnswerError(service: Service, request: HttpsRequest, failure: NoAnswer): CliError {
  const where = `${service.name} (${describeRequest(request)})`;
  const error = (message: string) => new CliError(message, 2, undefined, failure.kind);
  switch (failure.kind) {
    case "timeout":
      return error(
        `${where} did not answer: ${failure.code}; check that it is running and reachable from here, or raise --timeout`,
      );
    case "untrusted-certificate":
      return error(
        /ALTNAME|HOSTNAME/.test(failure.code)
          ? `${where}: its TLS certificate does not name this host (${failure.code}); use the host name the certificate was issued for`
          : `${where}: its TLS certificate is not trusted (${failure.code}); if an internal CA issued it, pass that CA's certificate with --ca-file <pem> (verification is never turned off)`,
      );
    case "unreachable":
      return error(
        `cannot reach ${where}: ${failure.code}; check the host name and port, and that this machine can reach it (DNS, firewall, proxy)`,
      );
  }
}

/** Sends the request; returns the answer when `expected` accepts its status, else throws a CliError. */
export async function call(
  http: HttpsClient,
  service: Service,
  request: HttpsRequest,
  expected: (status: number) => boolean = (s) => s >= 200 && s < 300,
): Promise<HttpsAnswer> {
  let answer: HttpsAnswer;
  try {
    answer = await http(request);
  } catch (error) {
    if (error instanceof NoAnswer) throw noAnswerError(service, request, error);
    throw error;
  }
  if (expected(answer.status)) return answer;
  const where = `${service.name} (${describeRequest(request)})`;
  if (answer.status === 401 || answer.status === 403)
    throw new CliError(`${where} answered ${answer.status}${reasonIn(answer.body)}; ${service.whenDenied}`);
  if (answer.status === 404)
    throw new CliError(
      `${where} answered 404${reasonIn(answer.body)}; check the URL (host, port, path) and the id in it`,
    );
  throw new CliError(
    `${where} answered ${answer.status}${reasonIn(answer.body)}; check the service's own logs, then run the command again`,
  );
}

/** The answer's JSON body checked against `schema`, or a CliError saying what was expected. */
export function readJson<T>(
  service: Service,
  request: HttpsRequest,
  answer: HttpsAnswer,
  schema: z.ZodType<T>,
  expected: string,
): T {
  let parsed: unknown;
  try {
    parsed = answer.body.trim() === "" ? null : JSON.parse(answer.body);
  } catch {
    parsed = Symbol("not JSON");
  }
  const result = schema.safeParse(parsed);
  if (result.success) return result.data;
  const problem =
    typeof parsed === "symbol"
      ? "a body that is not JSON"
      : `an unexpected body (${result.error.issues[0]?.path.join(".") || "the whole body"}: ${result.error.issues[0]?.message ?? "invalid"})`;
  throw new CliError(
    `${service.name} (${describeRequest(request)}) answered ${answer.status} with ${problem}; expected ${expected}: check that the URL points at ${service.name}`,
  );
}
