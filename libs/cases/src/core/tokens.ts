/** Injection token of the process-wide TutelaConfig (read once by loadConfig). */
export const TUTELA_CONFIG = Symbol('TUTELA_CONFIG');
/** Optional Partial<DatabaseNotificationsOptions> (tests shorten the reconnect wait). */
export const DATABASE_NOTIFICATIONS_OPTIONS = Symbol('DATABASE_NOTIFICATIONS_OPTIONS');
