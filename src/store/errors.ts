/** A store that cannot be opened as configured: one sentence naming the store and the fix. */
export class StoreOpenError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StoreOpenError';
  }
}
