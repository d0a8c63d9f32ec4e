/**
 * `indication-export.ts` called directly: `TIME_CREATED` as a CIM datetime, the exact indication
 * instance for instance, class and namespace events (embedded objects typed by their class when
 * the lookup finds it), and the export request around it.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  type CimClass,
  cimClass,
  cimInstance,
  cimProperty,
  qualifier,
  type WbemEvent,
} from '../../src/index.js';
import {
  type ClassLookup,
  cimDatetimeOf,
  exportIndicationBody,
  indicationXml,
} from '../../src/server/indication-export.js';

/** 2021-03-04 05:06:07.089 UTC in 100-ns ticks since 1601. */
const TICKS = String((Date.UTC(2021, 2, 4, 5, 6, 7, 89) + 11_644_473_600_000) * 10_000 + 1234);

/** Its `Size` is inherited: an embedded instance is written whole, without class origins. */
const DISK: CimClass = cimClass({
  name: 'Acme_Disk',
  qualifiers: [qualifier('Description', 'a disk')],
  properties: [
    { ...cimProperty('Size', 'uint64'), propagated: true, classOrigin: 'Acme_Device' },
    { ...cimProperty('Id', 'string'), classOrigin: 'Acme_Disk' },
  ],
});

const lookups: string[] = [];
const classOf: ClassLookup = async (namespace, className) => {
  lookups.push(`${namespace} ${className}`);
  return className === 'Acme_Disk' ? DISK : null;
};

const TAIL = (ns: string) =>
  `<PROPERTY NAME="SourceNamespace" TYPE="string"><VALUE>${ns}</VALUE></PROPERTY>` +
  `<PROPERTY NAME="TIME_CREATED" TYPE="uint64"><VALUE>${TICKS}</VALUE></PROPERTY>` +
  '<PROPERTY NAME="IndicationTime" TYPE="datetime"><VALUE>20210304050607.089000+000</VALUE></PROPERTY>';

describe('cimDatetimeOf', () => {
  it('writes 100-ns ticks since 1601 as a UTC CIM datetime, to the millisecond', () => {
    assert.equal(cimDatetimeOf(TICKS), '20210304050607.089000+000');
    assert.equal(cimDatetimeOf('116444736000000000'), '19700101000000.000000+000');
    assert.equal(
      cimDatetimeOf(
        String((Date.UTC(1999, 11, 31, 23, 59, 59, 999) + 11_644_473_600_000) * 10_000),
      ),
      '19991231235959.999000+000',
    );
  });

  it('falls back to the present for ticks that are not a number', () => {
    const before = Date.now();
    const text = cimDatetimeOf('soon');
    const after = Date.now();
    assert.match(text, /^\d{14}\.\d{3}000\+000$/);
    const y = Number(text.slice(0, 4));
    assert.ok(y >= new Date(before).getUTCFullYear() && y <= new Date(after).getUTCFullYear());
  });
});

describe('indicationXml', () => {
  it('writes an instance event: its embedded instances typed by their class, SourceInstance the target', async () => {
    lookups.length = 0;
    const event: WbemEvent = {
      eventClass: '__InstanceModificationEvent',
      namespace: 'root/acme',
      timeCreated: TICKS,
      targetInstance: cimInstance('Acme_Disk', { Size: '10', Id: 'd<1>' }),
      previousInstance: cimInstance('Acme_Disk', { Size: '5', Id: 'd<1>' }),
    };
    const target =
      '&lt;INSTANCE CLASSNAME=&quot;Acme_Disk&quot;&gt;&lt;PROPERTY NAME=&quot;Size&quot; TYPE=&quot;uint64&quot; PROPAGATED=&quot;true&quot;&gt;&lt;VALUE&gt;10&lt;/VALUE&gt;&lt;/PROPERTY&gt;&lt;PROPERTY NAME=&quot;Id&quot; TYPE=&quot;string&quot;&gt;&lt;VALUE&gt;d&amp;lt;1&amp;gt;&lt;/VALUE&gt;&lt;/PROPERTY&gt;&lt;/INSTANCE&gt;';
    const previous = target.replace('&gt;10&lt;', '&gt;5&lt;');
    assert.equal(
      await indicationXml(event, classOf),
      '<INSTANCE CLASSNAME="__InstanceModificationEvent">' +
        `<PROPERTY NAME="TargetInstance" TYPE="string" EmbeddedObject="object"><VALUE>${target}</VALUE></PROPERTY>` +
        `<PROPERTY NAME="PreviousInstance" TYPE="string" EmbeddedObject="object"><VALUE>${previous}</VALUE></PROPERTY>` +
        `<PROPERTY NAME="SourceInstance" TYPE="string" EmbeddedObject="object"><VALUE>${target}</VALUE></PROPERTY>` +
        TAIL('root/acme') +
        '</INSTANCE>',
    );
    assert.deepEqual(lookups, ['root/acme Acme_Disk', 'root/acme Acme_Disk']);
  });

  it('types an instance whose class cannot be read from its values', async () => {
    const event: WbemEvent = {
      eventClass: '__InstanceDeletionEvent',
      namespace: 'root/acme',
      timeCreated: TICKS,
      targetInstance: cimInstance('Gone', { N: 3 }),
    };
    assert.match(
      await indicationXml(event, classOf),
      /^<INSTANCE CLASSNAME="__InstanceDeletionEvent"><PROPERTY NAME="TargetInstance" TYPE="string" EmbeddedObject="object"><VALUE>&lt;INSTANCE CLASSNAME=&quot;Gone&quot;&gt;&lt;PROPERTY NAME=&quot;N&quot; TYPE=&quot;sint32&quot;&gt;/,
    );
  });

  it('writes a class event with the classes whole, their qualifiers included, and reads no class', async () => {
    lookups.length = 0;
    const event: WbemEvent = {
      eventClass: '__ClassModificationEvent',
      namespace: 'root/acme',
      timeCreated: TICKS,
      targetClass: cimClass({
        name: 'New',
        qualifiers: [qualifier('Abstract', true)],
        properties: [{ ...cimProperty('P', 'string'), propagated: true, classOrigin: 'Base' }],
      }),
      previousClass: cimClass({ name: 'Old' }),
    };
    const newer =
      '&lt;CLASS NAME=&quot;New&quot;&gt;&lt;QUALIFIER NAME=&quot;Abstract&quot; TYPE=&quot;boolean&quot; TOSUBCLASS=&quot;false&quot;&gt;&lt;VALUE&gt;TRUE&lt;/VALUE&gt;&lt;/QUALIFIER&gt;&lt;PROPERTY NAME=&quot;P&quot; TYPE=&quot;string&quot; PROPAGATED=&quot;true&quot;&gt;&lt;/PROPERTY&gt;&lt;/CLASS&gt;';
    assert.equal(
      await indicationXml(event, classOf),
      '<INSTANCE CLASSNAME="__ClassModificationEvent">' +
        `<PROPERTY NAME="TargetClass" TYPE="string" EmbeddedObject="object"><VALUE>${newer}</VALUE></PROPERTY>` +
        '<PROPERTY NAME="PreviousClass" TYPE="string" EmbeddedObject="object"><VALUE>&lt;CLASS NAME=&quot;Old&quot;&gt;&lt;/CLASS&gt;</VALUE></PROPERTY>' +
        `<PROPERTY NAME="SourceInstance" TYPE="string" EmbeddedObject="object"><VALUE>${newer}</VALUE></PROPERTY>` +
        TAIL('root/acme') +
        '</INSTANCE>',
    );
    assert.deepEqual(lookups, []);
  });

  it('writes a namespace event with TargetNamespace and no SourceInstance', async () => {
    const event: WbemEvent = {
      eventClass: '__NamespaceCreationEvent',
      namespace: 'root',
      timeCreated: TICKS,
      targetNamespace: 'root/new&x',
    };
    assert.equal(
      await indicationXml(event, classOf),
      '<INSTANCE CLASSNAME="__NamespaceCreationEvent">' +
        '<PROPERTY NAME="TargetNamespace" TYPE="string"><VALUE>root/new&amp;x</VALUE></PROPERTY>' +
        TAIL('root') +
        '</INSTANCE>',
    );
  });
});

describe('exportIndicationBody', () => {
  it('wraps the indication in a DSP0200 ExportIndication request with the message ID', () => {
    assert.equal(
      exportIndicationBody('<INSTANCE CLASSNAME="E"></INSTANCE>', 'm"1'),
      '<?xml version="1.0" encoding="utf-8" ?>\n<CIM CIMVERSION="2.0" DTDVERSION="2.0"><MESSAGE ID="m&quot;1" PROTOCOLVERSION="1.0"><SIMPLEEXPREQ><EXPMETHODCALL NAME="ExportIndication"><EXPPARAMVALUE NAME="NewIndication"><INSTANCE CLASSNAME="E"></INSTANCE></EXPPARAMVALUE></EXPMETHODCALL></SIMPLEEXPREQ></MESSAGE></CIM>',
    );
  });
});
