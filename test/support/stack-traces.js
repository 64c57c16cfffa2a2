// cdktf records a full stack for every token it creates (Intrinsic, ComplexResolvable, Lazy:
// cdktf/lib/tokens/private/stack-trace.js), to say where an unresolvable token was made. Under jest
// each record mapped every frame through the source maps (jest installs source-map-support in the
// test context), about 20 s of the suite's CPU, and formatting every frame of jest's deep stacks
// still cost 3 s (docs/benchmarks.md). Those records are plain objects, not errors: they get their
// first 20 frames in V8's own unmapped format, enough to find where a token was made. Errors keep
// jest's source-mapped stacks.
const { isNativeError } = require("node:util").types;

const RECORDED_FRAMES = 20;

const mapped = Error.prepareStackTrace;
if (typeof mapped === "function") {
  Error.prepareStackTrace = (error, frames) => {
    if (isNativeError(error)) return mapped(error, frames);
    let text = "Error";
    for (const frame of frames.slice(0, RECORDED_FRAMES)) text += `\n    at ${frame}`;
    return text;
  };
}
