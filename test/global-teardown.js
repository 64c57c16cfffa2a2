// Fails the run when a test left files in the temp folder (test/support/temp-root.js).
module.exports = () => require("./support/temp-root").removeRunTempDir();
