/** The structured log the core writes to: Powertools Logger in Lambda, a console printer locally. */
export interface EventLog {
  info(message: string, attributes?: Record<string, unknown>): void;
  warn(message: string, attributes?: Record<string, unknown>): void;
  error(message: string, attributes?: Record<string, unknown>): void;
}

/** A log that drops everything, for callers that report through the return value instead. */
export const silentLog: EventLog = {
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

/** The subset of Powertools' Logger the adapter needs. */
interface StructuredLogger {
  info(message: string, attributes: Record<string, unknown>): void;
  warn(message: string, attributes: Record<string, unknown>): void;
  error(message: string, attributes: Record<string, unknown>): void;
}

/** Adapts Powertools' Logger (attributes required) to the core's `EventLog`. */
export function eventLogFrom(logger: StructuredLogger): EventLog {
  return {
    info: (message, attributes) => logger.info(message, attributes ?? {}),
    warn: (message, attributes) => logger.warn(message, attributes ?? {}),
    error: (message, attributes) => logger.error(message, attributes ?? {}),
  };
}
