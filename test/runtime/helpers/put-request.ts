/** @module A PutClass request for the wire tests, shaped as the engine builds it. */

export const INTENT = {
  mode: 'create-only',
  update: 'compatible',
  useAmendedQualifiers: false,
  ownerUpdate: false,
};

/** A request as the engine builds it: `Object.assign({}, request, address)`. */
export function putRequest(cls: unknown, id = 1, extra: Record<string, unknown> = {}): object {
  return Object.assign(
    {},
    { kind: 'putClass', cls, intent: { ...INTENT } },
    {
      id,
      namespace: 'root/cimv2',
      sendStatus: false,
      wantsEvents: true,
      caller: { principal: 'alice', rights: 0x3f, context: null },
    },
    extra,
  );
}
