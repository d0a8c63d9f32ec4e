/**
 * @module The system event classes notification queries name, with their WMI ancestry.
 */
import { nameKey } from '../model/names.js';

const INSTANCE = ['__InstanceOperationEvent', '__Event', '__IndicationRelated', '__SystemClass'];
const CLASS = ['__ClassOperationEvent', '__Event', '__IndicationRelated', '__SystemClass'];
const NAMESPACE = ['__NamespaceOperationEvent', '__Event', '__IndicationRelated', '__SystemClass'];

/** `__DERIVATION` of each system event class, by `nameKey`. */
export const EVENT_DERIVATION: ReadonlyMap<
  string,
  { readonly name: string; readonly derivation: readonly string[] }
> = new Map(
  (
    [
      ['__InstanceCreationEvent', INSTANCE],
      ['__InstanceModificationEvent', INSTANCE],
      ['__InstanceDeletionEvent', INSTANCE],
      ['__InstanceOperationEvent', INSTANCE.slice(1)],
      ['__ClassCreationEvent', CLASS],
      ['__ClassModificationEvent', CLASS],
      ['__ClassDeletionEvent', CLASS],
      ['__ClassOperationEvent', CLASS.slice(1)],
      ['__NamespaceCreationEvent', NAMESPACE],
      ['__NamespaceModificationEvent', NAMESPACE],
      ['__NamespaceDeletionEvent', NAMESPACE],
      ['__NamespaceOperationEvent', NAMESPACE.slice(1)],
      ['__Event', ['__IndicationRelated', '__SystemClass']],
      ['__ExtrinsicEvent', ['__Event', '__IndicationRelated', '__SystemClass']],
      [
        '__EventDroppedEvent',
        ['__ExtrinsicEvent', '__Event', '__IndicationRelated', '__SystemClass'],
      ],
      [
        '__EventQueueOverflowEvent',
        [
          '__EventDroppedEvent',
          '__ExtrinsicEvent',
          '__Event',
          '__IndicationRelated',
          '__SystemClass',
        ],
      ],
      ['__AggregateEvent', ['__IndicationRelated', '__SystemClass']],
    ] as const
  ).map(([name, derivation]) => [nameKey(name), { name, derivation }]),
);

/** The event classes the engine raises (`WbemEventClass`), which subscriptions are indexed by. */
export const RAISED_EVENT_CLASSES: readonly string[] = [
  '__InstanceCreationEvent',
  '__InstanceModificationEvent',
  '__InstanceDeletionEvent',
  '__ClassCreationEvent',
  '__ClassModificationEvent',
  '__ClassDeletionEvent',
  '__NamespaceCreationEvent',
  '__NamespaceModificationEvent',
  '__NamespaceDeletionEvent',
  '__EventQueueOverflowEvent',
];

/** The raised classes a query `FROM eventClass` receives: the class itself and its descendants. */
export function raisedClassesUnder(eventClass: string): string[] {
  const want = nameKey(eventClass);
  return RAISED_EVENT_CLASSES.filter((name) => {
    const entry = EVENT_DERIVATION.get(nameKey(name));
    return nameKey(name) === want || (entry?.derivation.some((a) => nameKey(a) === want) ?? false);
  });
}
