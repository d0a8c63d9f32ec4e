/**
 * @module The echo ceiling: a host that decodes the same batches the actor host does and answers
 * every request `ok` at once, with the same encoding and batching. The engine's throughput is
 * judged against it (bench/engine.bench.ts).
 */
import {
  createWireCodec,
  type Endpoint,
  type HostReply,
  isRequestBatch,
  Outbox,
  type WireEncoding,
} from '../../core.js';

/** Wires an echo host to its port: what `echo.worker.ts` calls. */
export function serveEchoHost(port: Endpoint, encoding: WireEncoding, maxBatch?: number): void {
  const codec = createWireCodec(encoding);
  const outbox = new Outbox<HostReply>(port, codec, maxBatch === undefined ? {} : { maxBatch });
  port.on('message', (data) => {
    const batch = codec.decode(data);
    if (!isRequestBatch(batch)) return;
    for (const m of batch.messages) {
      if (m.kind === 'shutdown') outbox.send({ kind: 'closed' });
      else if (m.kind === 'crash') process.exit(1);
      else if (m.kind !== 'cancel')
        outbox.send({ kind: 'ok', id: m.id, objects: [], param: null, events: [] });
    }
  });
}
