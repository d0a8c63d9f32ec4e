/**
 * @module The directory (Orleans' `IGrainDirectory` + placement): namespace → owning host, and the
 * mailbox bound of each namespace. One registration per namespace, so each has exactly one owner.
 */
import { availableParallelism } from 'node:os';
import { namespaceKey } from '../model/namespace-path.js';
import { HostConnection, type HostEvents } from './host-connection.js';
import { MailboxBound } from './mailbox-bound.js';
import { placeNamespace } from './placement.js';
import type { HostInit } from './protocol.js';

/** Default host count: one fewer than the cores, at least one. */
export function defaultHostCount(): number {
  return Math.max(1, availableParallelism() - 1);
}

/** Where a namespace's calls go: its owning host, and the namespace's mailbox bound. */
export class Placement {
  readonly host: HostConnection;
  readonly mailbox: MailboxBound;

  constructor(host: HostConnection, mailbox: MailboxBound) {
    this.host = host;
    this.mailbox = mailbox;
  }

  /** Ends what accepting a call took: its mailbox slot and its keep-alive of the host. */
  release(): void {
    this.mailbox.release();
    this.host.release();
  }
}

export class Directory {
  readonly hosts: readonly HostConnection[];
  readonly #mailboxes = new Map<string, Placement>();
  readonly #byPath = new Map<string, Placement>();
  readonly #mailboxLimit: number;

  constructor(hostCount: number, mailboxLimit: number, init: HostInit, events: HostEvents) {
    this.hosts = Array.from({ length: hostCount }, (_, i) => new HostConnection(i, init, events));
    this.#mailboxLimit = mailboxLimit;
  }

  /** The owner and mailbox of a normalised namespace path. */
  lookup(namespace: string): Placement {
    // Every call looks its namespace up: the path as given skips the lower-casing once seen.
    const seen = this.#byPath.get(namespace);
    if (seen !== undefined) return seen;
    const key = namespaceKey(namespace);
    let placement = this.#mailboxes.get(key);
    if (placement === undefined) {
      const host = this.hosts[placeNamespace(key, this.hosts.length)];
      if (host === undefined) throw new Error('directory has no hosts');
      placement = new Placement(host, new MailboxBound(this.#mailboxLimit));
      this.#mailboxes.set(key, placement);
    }
    this.#byPath.set(namespace, placement);
    return placement;
  }

  async shutdown(): Promise<void> {
    await Promise.all(this.hosts.map((h) => h.shutdown()));
  }
}
