// cdktf records a full stack for every token it creates (Intrinsic, ComplexResolvable, Lazy:
// cdktf/lib/tokens/private/stack-trace.js), to say where an unresolvable token was made. Under jest
// each record maps every frame through the source maps (jest installs source-map-support in the test
// context), about 20 s of the suite's CPU (docs/benchmarks.md). Those records are plain objects, not
// errors: they get V8's own unmapped format. Errors keep jest's source-mapped stacks.
const { isNativeError } = require("node:util").types;

const mapped = Error.prepareStackTrace;
if (typeof mapped === "function") {
  Error.prepareStackTrace = (error, frames) =>
    isNativeError(error) ? mapped(error, frames) : `Error${frames.map((frame) => `\n    at ${frame}`).join("")}`;
}
