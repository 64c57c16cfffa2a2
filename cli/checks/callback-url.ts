/**
 * --check-callback-url: Power Automate calls back on groupIDServiceUrl and "silently rejects
 * certificates issued by internal or private certificate authorities" (Netwrix installproxy.md).
 * So this check fetches that URL trusting only the public roots Node ships, never the --ca-file CA:
 * any HTTP answer over a publicly trusted certificate passes.
 */
import { Agent } from "node:https";
import { createSecureContext, rootCertificates } from "node:tls";
import { createHttpsClient, NoAnswer } from "../https-client";
import { fail, pass, skip, type Check } from "./check";

export const callbackUrl: Check = {
  id: "callback-url",
  title: "callback URL certificate",
  async run(ctx, options) {
    if (!options.checkCallbackUrl) return skip("not requested (--check-callback-url)");
    const url = (await ctx.outputs()).directoryManagerSettings.groupIDServiceUrl;
    if (url === undefined) return skip("flowEnvironment.groupIDServiceUrl is not set");
    // Only the bundled public roots (tls.rootCertificates), not the run's agent with --ca-file.
    const agent = new Agent({ keepAlive: false, secureContext: createSecureContext({ ca: [...rootCertificates] }) });
    try {
      const answer = await createHttpsClient(agent, ctx.options.timeoutMs)({ method: "GET", url: new URL(url) });
      return pass([`GET ${url} answered ${answer.status} over a publicly trusted certificate`]);
    } catch (error) {
      if (!(error instanceof NoAnswer)) throw error;
      const host = new URL(url).host;
      if (error.kind === "untrusted-certificate")
        return fail(
          [`GET ${url}: its certificate is not trusted by the public roots (${error.code})`],
          `Power Automate rejects certificates from internal or private CAs: put a certificate from a publicly trusted CA, issued for ${host}, on the reverse proxy or Data Service there`,
        );
      return fail(
        [`GET ${url}: ${error.kind} (${error.code})`],
        `make ${host} reachable from the internet (Power Automate calls it from Microsoft's cloud)`,
      );
    } finally {
      agent.destroy();
    }
  },
};
