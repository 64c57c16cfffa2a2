/**
 * Every Storage call the relay makes: each try ends after 5 s, at most 3 tries, 200 ms then 400 ms
 * apart (the SDK's defaults wait seconds between tries and never time a try out, so a Storage outage
 * took ~16 s, and a hanging endpoint forever, before the relay could answer).
 */
export const STORAGE_RETRY_OPTIONS = {
  maxTries: 3,
  tryTimeoutInMs: 5000,
  retryDelayInMs: 200,
  maxRetryDelayInMs: 1000,
} as const;
