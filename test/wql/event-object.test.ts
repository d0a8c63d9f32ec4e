import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CimClass } from '../../src/model/cim-class.js';
import type { CimInstance } from '../../src/model/cim-instance.js';
import type { WbemEvent, WbemEventClass } from '../../src/model/wbem-event.js';
import { instanceOf } from '../../src/wql/event-object.js';
import { compileEventQuery, eventObject } from '../../src/wql/index.js';
import { sampleReader } from './helpers/sample-namespace.js';

const reader = sampleReader();
const disk = reader.getInstance('Sample_Disk.DeviceID="C:"') as CimInstance;
const diskClass = reader.getClass('Sample_Disk') as CimClass;

function event(eventClass: WbemEventClass, fields: Partial<WbemEvent> = {}): WbemEvent {
  return { eventClass, namespace: 'root/sample', timeCreated: '134000000000000000', ...fields };
}

/** The property names of an event object, sorted. */
function names(o: CimInstance): string[] {
  return [...o.properties.values()].map((p) => p.name).sort();
}

const namespaceEvent = (path: string) =>
  eventObject(event('__NamespaceCreationEvent', { targetNamespace: path }));
const targetNamespace = (path: string) =>
  namespaceEvent(path).properties.get('targetnamespace')?.value as CimInstance;

describe('eventObject: the WMI event object a notification query reads', () => {
  it('has the properties of __InstanceCreationEvent: SECURITY_DESCRIPTOR, TargetInstance, TIME_CREATED', () => {
    const o = eventObject(event('__InstanceCreationEvent', { targetInstance: disk }));
    assert.deepEqual(names(o), ['SECURITY_DESCRIPTOR', 'TIME_CREATED', 'TargetInstance']);
    assert.equal(o.systemProperties?.__PROPERTY_COUNT, 3);
    assert.equal(o.properties.has('previousinstance'), false);
    assert.equal(o.properties.get('time_created')?.value, '134000000000000000');
    assert.deepEqual(o.properties.get('security_descriptor'), {
      name: 'SECURITY_DESCRIPTOR',
      value: null,
    });
  });

  it('adds PreviousInstance to a modification event and PreviousClass to a class modification event', () => {
    const o = eventObject(
      event('__InstanceModificationEvent', { targetInstance: disk, previousInstance: disk }),
    );
    assert.deepEqual(names(o), [
      'PreviousInstance',
      'SECURITY_DESCRIPTOR',
      'TIME_CREATED',
      'TargetInstance',
    ]);
    const c = eventObject(
      event('__ClassModificationEvent', { targetClass: diskClass, previousClass: diskClass }),
    );
    assert.deepEqual(names(c), [
      'PreviousClass',
      'SECURITY_DESCRIPTOR',
      'TIME_CREATED',
      'TargetClass',
    ]);
    assert.equal(c.properties.get('previousclass')?.value, diskClass);
    assert.equal(c.systemProperties?.__PROPERTY_COUNT, 4);
  });

  it('reads PreviousClass and TIME_CREATED in a WHERE clause', () => {
    const e = event('__ClassModificationEvent', {
      targetClass: diskClass,
      previousClass: diskClass,
    });
    assert.equal(
      compileEventQuery(
        "SELECT * FROM __ClassModificationEvent WHERE PreviousClass.__CLASS = 'Sample_Disk'",
      ).matches(e),
      true,
    );
    assert.equal(
      compileEventQuery(
        "SELECT * FROM __ClassModificationEvent WHERE TIME_CREATED = '134000000000000000'",
      ).matches(e),
      true,
    );
  });

  it('carries the system properties of its event class, with the namespace in backslashes', () => {
    const o = eventObject(event('__InstanceDeletionEvent', { targetInstance: disk }));
    assert.deepEqual(o.systemProperties, {
      __GENUS: 2,
      __CLASS: '__InstanceDeletionEvent',
      __SUPERCLASS: '__InstanceOperationEvent',
      __DYNASTY: '__SystemClass',
      __DERIVATION: ['__InstanceOperationEvent', '__Event', '__IndicationRelated', '__SystemClass'],
      __PROPERTY_COUNT: 3,
      __RELPATH: null,
      __PATH: null,
      __NAMESPACE: 'root\\sample',
      __SERVER: null,
    });
  });

  it('keeps a namespace already written with backslashes, and has no __NAMESPACE without one', () => {
    const o = instanceOf('__InstanceCreationEvent', new Map(), 'root\\a/b');
    assert.equal(o.systemProperties?.__NAMESPACE, 'root\\a\\b');
    assert.equal(
      instanceOf('__AggregateEvent', new Map(), null).systemProperties?.__NAMESPACE,
      null,
    );
  });

  it('gives a class outside the system event classes no ancestors: it is its own dynasty', () => {
    const o = instanceOf('Sample_ProviderEvent', new Map(), 'root/sample');
    assert.equal(o.systemProperties?.__SUPERCLASS, null);
    assert.equal(o.systemProperties?.__DYNASTY, 'Sample_ProviderEvent');
    assert.deepEqual(o.systemProperties?.__DERIVATION, []);
  });

  it('holds TargetNamespace as a __NAMESPACE instance named by the last segment, in its parent', () => {
    const ns = targetNamespace('root/sample/child');
    assert.equal(ns.className, '__NAMESPACE');
    assert.deepEqual([...ns.properties.values()], [{ name: 'Name', value: 'child' }]);
    assert.deepEqual(ns.systemProperties, {
      __GENUS: 2,
      __CLASS: '__NAMESPACE',
      __SUPERCLASS: '__SystemClass',
      __DYNASTY: '__SystemClass',
      __DERIVATION: ['__SystemClass'],
      __PROPERTY_COUNT: 1,
      __RELPATH: '__NAMESPACE.Name="child"',
      __PATH: null,
      __NAMESPACE: 'root\\sample',
      __SERVER: null,
    });
  });

  it('reads a backslash-separated namespace path as the same parent and child', () => {
    const ns = targetNamespace('root\\sample\\child');
    assert.equal(ns.properties.get('name')?.value, 'child');
    assert.equal(ns.systemProperties?.__NAMESPACE, 'root\\sample');
  });

  it('gives a top-level namespace no parent namespace', () => {
    const ns = targetNamespace('root');
    assert.equal(ns.properties.get('name')?.value, 'root');
    assert.equal(ns.systemProperties?.__NAMESPACE, null);
  });

  it('escapes a double quote in the namespace name in its __RELPATH', () => {
    const ns = targetNamespace('root/say "hi"');
    assert.equal(ns.systemProperties?.__RELPATH, '__NAMESPACE.Name="say \\"hi\\""');
  });

  it('matches TargetNamespace ISA __NAMESPACE and ISA __SystemClass', () => {
    const e = event('__NamespaceCreationEvent', { targetNamespace: 'root/sample/child' });
    for (const cls of ['__NAMESPACE', '__SystemClass']) {
      const filter = compileEventQuery(
        `SELECT * FROM __NamespaceCreationEvent WHERE TargetNamespace ISA '${cls}'`,
      );
      assert.equal(filter.matches(e), true, cls);
    }
  });
});
