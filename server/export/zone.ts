// The time zone every export speaks in, on its own: the formatters that use it load time zone data
// (megabytes of it), so the modules that make them load only when something is exported.

/** The time zone every export speaks in. */
export const EXPORT_TIME_ZONE = 'Europe/London';
