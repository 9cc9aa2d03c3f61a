/**
 * Graceful shutdown has a deadline: Nest's shutdown hooks drain HTTP and let running jobs finish, but a job stuck
 * for longer than SHUTDOWN_TIMEOUT_MS must not keep a container from stopping (the orchestrator would SIGKILL it
 * anyway, without the exit log). The timer is unref'd, so a clean shutdown exits as soon as it is done.
 */
export function exitAfterDeadlineOnSignal(timeoutMs: number, onTimeout: () => void = () => process.exit(1)): void {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      setTimeout(onTimeout, timeoutMs).unref();
    });
  }
}
