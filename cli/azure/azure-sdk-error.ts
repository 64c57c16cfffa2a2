/**
 * Azure SDK failures (Key Vault, Storage queues) as one-line CliErrors: the SDK's RestError carries
 * a status code or a network error code; its message may run over many lines.
 */
import { CliError, firstLine } from "../cli-error";

interface RestErrorLike {
  readonly statusCode?: number;
  readonly code?: string;
  readonly message: string;
}

export function azureSdkError(error: unknown, what: string, whenDenied: string): CliError {
  if (error instanceof CliError) return error;
  const e = error as RestErrorLike;
  if (e.statusCode === 401 || e.statusCode === 403) {
    const firewall = /firewall|network|ForbiddenByFirewall|AuthorizationFailure/i.test(`${e.code ?? ""} ${e.message}`);
    return new CliError(
      firewall
        ? `${what} was refused (${e.statusCode} ${e.code ?? ""}) by its network rules; run from an allowed network, or add this machine's public IP to the allow-list`
        : `${what} was refused (${e.statusCode}${e.code ? ` ${e.code}` : ""}); ${whenDenied}`,
    );
  }
  if (e.statusCode !== undefined)
    return new CliError(
      `${what} failed: ${e.statusCode}${e.code ? ` ${e.code}` : ""} (${firstLine(e.message)}); check the resource exists and run again`,
    );
  if (e.code && /CERT|SELF_SIGNED|UNABLE_TO/.test(e.code)) {
    return new CliError(
      `${what}: the TLS certificate is not trusted (${e.code}); behind a TLS-inspecting proxy, pass its CA with --ca-file <pem>`,
    );
  }
  return new CliError(
    `${what} failed: ${e.code ?? firstLine(e.message)}; check the host name and that this machine can reach it (DNS, firewall, proxy)`,
  );
}
