/**
 * Preloaded into every server the bench starts (with --expose-gc): SIGUSR2 runs a full garbage
 * collection, so the bench can read a server's RSS without the garbage of earlier trials in it.
 * Nothing in the servers themselves changes.
 */
process.on('SIGUSR2', () => (globalThis as { gc?: () => void }).gc?.());

export {};
