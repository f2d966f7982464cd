/**
 * Imported first by every command (npm start, send, ingest, replay, quarantine, release, cli, console).
 * The AWS SDK prints a multi-line NodeVersionSupportWarning once per process on Node 20, which the
 * tools support (Node 20.19 or later; Lambda runs Node 22): noise in every command's output. The
 * SDK reads this variable when a client is created, so setting it before any client exists is
 * enough (@aws-sdk/core, emitWarningIfUnsupportedVersion). A value the user set is kept.
 */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
