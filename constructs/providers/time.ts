// The only file that imports the time provider (deep paths only).
export { TimeProvider } from "@cdktf/provider-time/lib/provider";
export { Rotating } from "@cdktf/provider-time/lib/rotating";
export { Offset } from "@cdktf/provider-time/lib/offset";
export { Sleep } from "@cdktf/provider-time/lib/sleep";
