/**
 * --send-test-event <route>: one synthetic event through the relay to the route's flow, marked so
 * a flow can tell it apart (docs/cli.md): a top-level "dmflowTest" object in the body and a
 * correlation id starting with "dmflow-test-". Passes when the relay delivered it to the flow.
 */
import { z } from "zod";
import { CliError } from "../cli-error";
import { call } from "../endpoint";
import { fail, pass, skip, type Check } from "./check";

/** Power Automate shows this header as the run's client tracking id; the relay keeps it as correlation id. */
const CORRELATION_HEADER = "x-ms-client-tracking-id";
const QUEUED = z.looseObject({ status: z.literal("queued") });

export const testEvent: Check = {
  id: "test-event",
  title: "test event",
  async run(ctx, options) {
    const route = options.sendTestEvent;
    if (route === undefined) return skip("not requested (--send-test-event <route>)");
    const outputs = await ctx.outputs();
    const base = outputs.relayRouteUrls?.[route];
    if (!base)
      throw new CliError(
        `--send-test-event ${route}: the stack has no relay route "${route}"; expected one of ${Object.keys(outputs.relayRouteUrls ?? {}).join(", ") || "(no relay)"}`,
      );
    const key = await ctx.functionKey();
    const correlationId = `dmflow-test-${ctx.deps.newId()}`;
    const event = {
      dmflowTest: { sentBy: "dmflow verify", sentAt: new Date(ctx.deps.now()).toISOString(), route, correlationId },
    };
    const request = {
      method: "POST" as const,
      url: new URL(`${base}?code=${encodeURIComponent(key ?? "")}`),
      headers: { "content-type": "application/json", [CORRELATION_HEADER]: correlationId },
      body: JSON.stringify(event),
    };
    const service = {
      name: `the relay's route ${route}`,
      whenDenied:
        "the function key was refused: check the stack's relay_function_key_command prints the key dmflow fetched, and the app's access restrictions allow this machine",
    };
    const answer = await call(ctx.http, service, request, () => true);
    let queued = false;
    try {
      queued = QUEUED.safeParse(JSON.parse(answer.body)).success;
    } catch {
      // A flow's own answer need not be JSON.
    }
    const evidence = [`POST ${base} answered ${answer.status}, correlation id ${correlationId}`];
    if (answer.status >= 200 && answer.status < 300 && !queued) return pass([...evidence, "delivered to the flow"]);
    if (queued)
      return fail(
        [...evidence, "queued: the flow did not take it now (throttled, down or slow); the relay redelivers it"],
        `look up the run with client tracking id ${correlationId} in the flow's run history; check the flow is turned on`,
      );
    return fail(
      evidence,
      answer.status === 401 || answer.status === 403
        ? service.whenDenied
        : `read the relay's answer and logs for correlation id ${correlationId}; check the route's flow URL secret`,
    );
  },
};
