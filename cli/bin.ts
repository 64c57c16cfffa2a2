#!/usr/bin/env node
/** The `dmflow` executable. */
import { productionDeps } from "./deps";
import { run } from "./main";

void run(process.argv.slice(2), productionDeps()).then((code) => {
  process.exitCode = code;
});
