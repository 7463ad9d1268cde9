/**
 * Cleanup that must run even when the process is interrupted: while a real-cluster grading holds
 * namespaces, SIGINT and SIGTERM run every registered cleanup (deleting those namespaces), then end
 * the process with the signal's usual exit code. Normal runs unregister when they close.
 */
type Cleanup = () => Promise<void>;

const cleanups = new Set<Cleanup>();
let installed = false;
/** How long an interrupted process waits for its cleanups before it exits anyway. */
const SIGNAL_CLEANUP_MS = 20_000;

function onSignal(signal: NodeJS.Signals): void {
  const code = signal === 'SIGINT' ? 130 : 143;
  const all = [...cleanups].map((c) => c().catch(() => undefined));
  const deadline = new Promise<void>((resolve) => setTimeout(resolve, SIGNAL_CLEANUP_MS).unref());
  void Promise.race([Promise.all(all), deadline]).then(() => process.exit(code));
}

function install(): void {
  if (installed) return;
  installed = true;
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}

function uninstall(): void {
  if (!installed || cleanups.size > 0) return;
  installed = false;
  process.off('SIGINT', onSignal);
  process.off('SIGTERM', onSignal);
}

/** Registers a cleanup to run on SIGINT/SIGTERM; returns the function that unregisters it. */
export function registerCleanup(cleanup: Cleanup): () => void {
  cleanups.add(cleanup);
  install();
  return () => {
    cleanups.delete(cleanup);
    uninstall();
  };
}
