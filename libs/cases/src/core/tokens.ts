/** Injection token of the process-wide TutelaConfig (read once by loadConfig). */
export const TUTELA_CONFIG = Symbol('TUTELA_CONFIG');
