/**
 * @module An actor's mailbox bound, kept where calls are admitted (the main thread), so a full
 * mailbox is refused synchronously in phase 1 with `WBEM_E_SERVER_TOO_BUSY` and nothing already
 * accepted is ever dropped: a call counts from acceptance until its final status.
 */
export class Mailbox {
  readonly limit: number;
  #size = 0;

  constructor(limit: number) {
    this.limit = limit;
  }

  /** Calls accepted and not yet answered. */
  get size(): number {
    return this.#size;
  }

  /** Takes a slot; false when the mailbox is full. */
  tryAccept(): boolean {
    if (this.#size >= this.limit) return false;
    this.#size++;
    return true;
  }

  /** Frees the slot of a call that reached its final status. */
  release(): void {
    if (this.#size > 0) this.#size--;
  }
}
