/**
 * SIGINT and SIGTERM for the whole process, listened to from its first line. Loading the program
 * takes a moment, and a signal caught by Node in that moment can reach JavaScript only after the
 * command is running; one listener for the process's life means no signal is ever dropped.
 */
export type StopHandler = (signal: NodeJS.Signals) => void;

let handler: StopHandler | null = null;
let loaded = false;

function dispatch(signal: NodeJS.Signals): void {
  if (handler) {
    handler(signal);
    return;
  }
  if (!loaded) {
    process.stderr.write(`figurewatch: ${signal} while starting; stopped before doing anything\n`);
    process.exit(0);
  }
  // A command that has nothing to finish stops as a process does by default.
  process.exit(signal === 'SIGINT' ? 130 : 143);
}

export function listenForStopSignals(): void {
  process.on('SIGINT', dispatch);
  process.on('SIGTERM', dispatch);
}

export function programLoaded(): void {
  loaded = true;
}

/** The running command handles SIGINT/SIGTERM until the returned function is called. */
export function onStopSignal(stop: StopHandler): () => void {
  handler = stop;
  return () => {
    if (handler === stop) handler = null;
  };
}
