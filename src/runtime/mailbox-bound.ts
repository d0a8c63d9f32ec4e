/**
 * @module The bound of one namespace's mailbox: a count of its calls accepted and not yet answered,
 * kept where calls are admitted (the main thread), so a full mailbox is refused synchronously in
 * phase 1 with `WBEM_E_SERVER_TOO_BUSY` and nothing already accepted is ever dropped. The queue
 * itself is the actor's (`NamespaceActor`, on the host thread).
 */
export class MailboxBound {
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
