/**
 * The relay's queues: how many events wait, whether any is stuck (visible longer than N minutes:
 * nothing takes messages off the queue), and the poison queues' counts (events that failed every
 * attempt). Stuck or failed events fail the check, with their count.
 */
import { RELAY_QUEUES } from "../../contract/relay-settings";
import { azureSdkError } from "../azure/azure-sdk-error";
import { fail, pass, skip, type Check } from "./check";

const MAIN_QUEUES: readonly string[] = [RELAY_QUEUES.flowEvents, RELAY_QUEUES.decisions];
const POISON_QUEUES: readonly string[] = [RELAY_QUEUES.flowEventsPoison, RELAY_QUEUES.decisionsPoison];
/** Storage peeks at most 32 messages; enough to tell whether any is stuck. */
const PEEK = 32;

export const queues: Check = {
  id: "queues",
  title: "relay queues",
  async run(ctx, options) {
    const endpoint = (await ctx.outputs()).relayQueueEndpoint;
    if (!endpoint) return skip("the stack has no relay");
    const service = ctx.deps.queueService(endpoint, ctx.credential());
    const stuckBefore = ctx.deps.now() - options.stuckMinutes * 60_000;
    const evidence: string[] = [];
    const problems: string[] = [];
    for (const name of [...MAIN_QUEUES, ...POISON_QUEUES]) {
      const queue = service.getQueueClient(name);
      try {
        const count = (await queue.getProperties()).approximateMessagesCount ?? 0;
        if (POISON_QUEUES.includes(name)) {
          evidence.push(`${name}: ${count} failed`);
          if (count > 0) problems.push(`${count} failed in ${name}`);
          continue;
        }
        const peeked = count > 0 ? (await queue.peekMessages({ numberOfMessages: PEEK })).peekedMessageItems : [];
        const stuck = peeked.filter((m) => m.insertedOn.getTime() < stuckBefore).length;
        evidence.push(`${name}: ${count} waiting, ${stuck} stuck over ${options.stuckMinutes} min`);
        if (stuck > 0) problems.push(`${stuck} stuck in ${name}`);
      } catch (error) {
        throw azureSdkError(
          error,
          `Storage queue ${name} at ${endpoint}`,
          "give the Azure identity running dmflow the Storage Queue Data Reader role on the relay's storage account",
        );
      }
    }
    if (problems.length === 0) return pass(evidence);
    const fixes = [
      ...(problems.some((p) => p.includes("stuck"))
        ? [
            "stuck: the relay is not taking messages; check the function app runs (its last OneDeploy succeeded; `az functionapp restart` starts it again) and its Application Insights logs",
          ]
        : []),
      ...(problems.some((p) => p.includes("failed"))
        ? [
            "failed: each poison message carries its last error; fix the cause (flow URL, Directory Manager credentials), then move the messages back to the main queue to replay them",
          ]
        : []),
    ];
    return fail([...evidence, `problems: ${problems.join(", ")}`], fixes.join("; "));
  },
};
