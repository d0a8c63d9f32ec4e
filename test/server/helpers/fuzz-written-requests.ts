/**
 * @module Test helper: the fuzzer's written requests, for the operations and decoders the
 * captured pywbem and sblim-wbemcli exchanges do not reach (every CIM type, references as keys
 * and values, embedded objects, qualifier declarations, queries, pulls, namespaces, indication
 * subscriptions, an extrinsic call), as DSP0201 spells them, over the schema `fuzzSchemaMof`
 * loads.
 */
import { className, param, requestBody, value } from './cim-client.js';
import type { RequestTemplate } from './fuzz-templates.js';

const KEY = '<QUALIFIER NAME="Key" TYPE="boolean"><VALUE>TRUE</VALUE></QUALIFIER>';
const hostName = (name: string): string =>
  `<INSTANCENAME CLASSNAME="Acme_Host"><KEYBINDING NAME="Name"><KEYVALUE VALUETYPE="string">${name}</KEYVALUE></KEYBINDING></INSTANCENAME>`;
const diskName = (id: string): string =>
  `<INSTANCENAME CLASSNAME="Acme_Disk"><KEYBINDING NAME="Id"><KEYVALUE VALUETYPE="string" TYPE="string">${id}</KEYVALUE></KEYBINDING></INSTANCENAME>`;
const hostPath = (name: string): string =>
  `<INSTANCEPATH><NAMESPACEPATH><HOST>localhost</HOST><LOCALNAMESPACEPATH><NAMESPACE NAME="root"/><NAMESPACE NAME="cimv2"/></LOCALNAMESPACEPATH></NAMESPACEPATH>${hostName(name)}</INSTANCEPATH>`;
const prop = (name: string, type: string, v: string): string =>
  `<PROPERTY NAME="${name}" TYPE="${type}"><VALUE>${v}</VALUE></PROPERTY>`;
const array = (name: string, type: string, values: string[]): string =>
  `<PROPERTY.ARRAY NAME="${name}" TYPE="${type}"><VALUE.ARRAY>${values.map(value).join('')}</VALUE.ARRAY></PROPERTY.ARRAY>`;
/** An embedded `Acme_Host`, escaped as DSP0201 carries it in a `VALUE`. */
const EMBEDDED_HOST =
  '&lt;INSTANCE CLASSNAME="Acme_Host"&gt;&lt;PROPERTY NAME="Name" TYPE="string"&gt;&lt;VALUE&gt;e1&lt;/VALUE&gt;&lt;/PROPERTY&gt;&lt;/INSTANCE&gt;';

/** An embedded class, escaped. */
const EMBEDDED_CLASS =
  '&lt;CLASS NAME="Emb_C"&gt;&lt;PROPERTY NAME="P" TYPE="uint8"&gt;&lt;VALUE&gt;1&lt;/VALUE&gt;&lt;/PROPERTY&gt;&lt;/CLASS&gt;';

const ALL_TYPES = `<INSTANCE CLASSNAME="Fuzz_AllTypes">${[
  prop('Id', 'string', 'f1'),
  prop('B', 'boolean', 'TRUE'),
  prop('U8', 'uint8', '255'),
  prop('S8', 'sint8', '-128'),
  prop('U16', 'uint16', '65535'),
  prop('S16', 'sint16', '-32768'),
  prop('U32', 'uint32', '4294967295'),
  prop('S32', 'sint32', '-2147483648'),
  prop('U64', 'uint64', '18446744073709551615'),
  prop('S64', 'sint64', '-9223372036854775808'),
  prop('R32', 'real32', '1.5E3'),
  prop('R64', 'real64', '-INF'),
  prop('C', 'char16', 'é'),
  prop('D', 'datetime', '20260101123456.123456+060'),
  prop('S', 'string', 'a &amp; b &lt;c&gt; ü 😀'),
  array('SA', 'string', ['x', '', 'z']),
  array('U8A', 'uint8', ['0', '1']),
  array('DA', 'datetime', ['00000001020304.000000:000']),
  array('BA', 'boolean', ['TRUE', 'FALSE']),
  `<PROPERTY NAME="EmbI" TYPE="string" EmbeddedObject="instance"><VALUE>${EMBEDDED_HOST}</VALUE></PROPERTY>`,
  `<PROPERTY NAME="EmbO" TYPE="string" EmbeddedObject="object"><VALUE>${EMBEDDED_CLASS}</VALUE></PROPERTY>`,
  `<PROPERTY NAME="DmtfEmb" TYPE="string" EmbeddedObject="instance"><VALUE>${EMBEDDED_HOST}</VALUE></PROPERTY>`,
  `<PROPERTY.ARRAY NAME="DmtfObj" TYPE="string" EmbeddedObject="object"><VALUE.ARRAY><VALUE>${EMBEDDED_HOST}</VALUE><VALUE>${EMBEDDED_CLASS}</VALUE></VALUE.ARRAY></PROPERTY.ARRAY>`,
  `<PROPERTY.REFERENCE NAME="DiskRef" REFERENCECLASS="Acme_Disk"><VALUE.REFERENCE>${diskName('d1')}</VALUE.REFERENCE></PROPERTY.REFERENCE>`,
].join('')}</INSTANCE>`;

const ALL_TYPES_NAME = `<INSTANCENAME CLASSNAME="Fuzz_AllTypes"><KEYBINDING NAME="Id"><KEYVALUE VALUETYPE="string">a1</KEYVALUE></KEYBINDING></INSTANCENAME>`;

const HOST_DISK = `<INSTANCE CLASSNAME="Acme_HostDisk"><PROPERTY.REFERENCE NAME="Host"><VALUE.REFERENCE>${hostPath('h2')}</VALUE.REFERENCE></PROPERTY.REFERENCE><PROPERTY.REFERENCE NAME="Disk"><VALUE.REFERENCE>${diskName('d1')}</VALUE.REFERENCE></PROPERTY.REFERENCE>${prop('Slot', 'uint16', '4')}</INSTANCE>`;

const HOST_DISK_NAME = `<INSTANCENAME CLASSNAME="Acme_HostDisk"><KEYBINDING NAME="Host"><VALUE.REFERENCE>${hostName('h1')}</VALUE.REFERENCE></KEYBINDING><KEYBINDING NAME="Disk"><VALUE.REFERENCE>${diskName('d1')}</VALUE.REFERENCE></KEYBINDING></INSTANCENAME>`;

const NEW_CLASS = `<CLASS NAME="Fuzz_New" SUPERCLASS="Acme_Disk"><QUALIFIER NAME="Description" TYPE="string" TRANSLATABLE="true"><VALUE>new</VALUE></QUALIFIER><PROPERTY NAME="Id" TYPE="string" PROPAGATED="true" CLASSORIGIN="Acme_Disk">${KEY}</PROPERTY><PROPERTY NAME="Level" TYPE="sint16"><QUALIFIER NAME="ValueMap" TYPE="string"><VALUE.ARRAY><VALUE>1</VALUE><VALUE>2</VALUE></VALUE.ARRAY></QUALIFIER><VALUE>-3</VALUE></PROPERTY><PROPERTY.ARRAY NAME="Codes" TYPE="uint64" ARRAYSIZE="2"><VALUE.ARRAY><VALUE>1</VALUE><VALUE>2</VALUE></VALUE.ARRAY></PROPERTY.ARRAY><PROPERTY.REFERENCE NAME="Owner" REFERENCECLASS="Acme_Host"/><METHOD NAME="Go" TYPE="uint32"><QUALIFIER NAME="Static" TYPE="boolean" OVERRIDABLE="false" TOSUBCLASS="false" TOINSTANCE="true"><VALUE>TRUE</VALUE></QUALIFIER><PARAMETER NAME="Speed" TYPE="real64"><QUALIFIER NAME="In" TYPE="boolean"><VALUE>TRUE</VALUE></QUALIFIER></PARAMETER><PARAMETER.ARRAY NAME="Names" TYPE="string" ARRAYSIZE="3"/><PARAMETER.REFERENCE NAME="Disk" REFERENCECLASS="Acme_Disk"/><PARAMETER.REFARRAY NAME="Hosts" REFERENCECLASS="Acme_Host"/></METHOD></CLASS>`;

const QUALIFIER_DECLARATION = `<QUALIFIER.DECLARATION NAME="Fuzz_Units" TYPE="string" ISARRAY="false" OVERRIDABLE="true" TOSUBCLASS="true" TRANSLATABLE="true"><SCOPE CLASS="false" PROPERTY="true" METHOD="true" PARAMETER="true" REFERENCE="false" ASSOCIATION="false" INDICATION="false"/><VALUE>none</VALUE></QUALIFIER.DECLARATION>`;

const OPEN = [
  param('ClassName', className('Acme_Disk')),
  param('DeepInheritance', value(true)),
  param('IncludeClassOrigin', value(false)),
  param('PropertyList', `<VALUE.ARRAY>${value('Id')}${value('SizeGB')}</VALUE.ARRAY>`),
  param('OperationTimeout', value(30)),
  param('ContinueOnError', value(false)),
  param('MaxObjectCount', value(1)),
].join('');

/**
 * Where a request carries an enumeration context: the campaign puts there the last one the server
 * opened, so that pulls reach open enumerations.
 */
export const CONTEXT = '{{context}}';

const interop = (cls: string, extra: string): string =>
  `<INSTANCE CLASSNAME="${cls}">${prop('SystemCreationClassName', 'string', 'CIM_ComputerSystem')}${prop('SystemName', 'string', 'localhost')}${prop('CreationClassName', 'string', cls)}${prop('Name', 'string', 'fuzz')}${extra}</INSTANCE>`;

/** The keys the interop templates give a filter or a destination named `fuzz`. */
const interopName = (cls: string): string =>
  `<INSTANCENAME CLASSNAME="${cls}">${[
    ['SystemCreationClassName', 'CIM_ComputerSystem'],
    ['SystemName', 'localhost'],
    ['CreationClassName', cls],
    ['Name', 'fuzz'],
  ]
    .map(
      ([k, v]) =>
        `<KEYBINDING NAME="${k}"><KEYVALUE VALUETYPE="string">${v}</KEYVALUE></KEYBINDING>`,
    )
    .join('')}</INSTANCENAME>`;

const SUBSCRIPTION = `<INSTANCE CLASSNAME="CIM_IndicationSubscription"><PROPERTY.REFERENCE NAME="Filter" REFERENCECLASS="CIM_IndicationFilter"><VALUE.REFERENCE>${interopName('CIM_IndicationFilter')}</VALUE.REFERENCE></PROPERTY.REFERENCE><PROPERTY.REFERENCE NAME="Handler" REFERENCECLASS="CIM_ListenerDestination"><VALUE.REFERENCE>${interopName('CIM_ListenerDestinationCIMXML')}</VALUE.REFERENCE></PROPERTY.REFERENCE></INSTANCE>`;

/** Requests for the operations and decoders the captured exchanges do not reach. */
const WRITTEN: readonly [string, string, string, string?][] = [
  ['CreateInstance-all-types', 'CreateInstance', param('NewInstance', ALL_TYPES)],
  ['CreateInstance-association', 'CreateInstance', param('NewInstance', HOST_DISK)],
  [
    'ModifyInstance-all-types',
    'ModifyInstance',
    param(
      'ModifiedInstance',
      `<VALUE.NAMEDINSTANCE>${ALL_TYPES_NAME}${ALL_TYPES.replace('f1', 'a1')}</VALUE.NAMEDINSTANCE>`,
    ) + param('PropertyList', `<VALUE.ARRAY>${value('U8')}${value('EmbI')}</VALUE.ARRAY>`),
  ],
  [
    'GetInstance-association',
    'GetInstance',
    param('InstanceName', HOST_DISK_NAME) +
      param('IncludeQualifiers', value(true)) +
      param('IncludeClassOrigin', value(true)),
  ],
  ['GetInstance-all-types', 'GetInstance', param('InstanceName', ALL_TYPES_NAME)],
  [
    'ModifyInstance-whole',
    'ModifyInstance',
    param(
      'ModifiedInstance',
      `<VALUE.NAMEDINSTANCE>${ALL_TYPES_NAME}${ALL_TYPES.replace('f1', 'a1')}</VALUE.NAMEDINSTANCE>`,
    ) + param('IncludeQualifiers', value(false)),
  ],
  ['DeleteInstance-disk', 'DeleteInstance', param('InstanceName', diskName('d2'))],
  [
    'EnumerateInstances-deep',
    'EnumerateInstances',
    param('ClassName', className('Acme_Disk')) +
      param('DeepInheritance', value(true)) +
      param('LocalOnly', value(false)) +
      param('PropertyList', `<VALUE.ARRAY>${value('Id')}</VALUE.ARRAY>`),
  ],
  [
    'EnumerateInstanceNames',
    'EnumerateInstanceNames',
    param('ClassName', className('Acme_HostDisk')),
  ],
  ['CreateClass-every-element', 'CreateClass', param('NewClass', NEW_CLASS)],
  ['SetQualifier', 'SetQualifier', param('QualifierDeclaration', QUALIFIER_DECLARATION)],
  ['GetQualifier', 'GetQualifier', param('QualifierName', value('Fuzz_Level'))],
  [
    'GetInstance-typed-keys',
    'GetInstance',
    param(
      'InstanceName',
      `<INSTANCENAME CLASSNAME="Fuzz_Keys"><KEYBINDING NAME="N"><KEYVALUE VALUETYPE="numeric">1</KEYVALUE></KEYBINDING><KEYBINDING NAME="F"><KEYVALUE VALUETYPE="boolean">TRUE</KEYVALUE></KEYBINDING><KEYBINDING NAME="Big"><KEYVALUE VALUETYPE="numeric" TYPE="sint64">-5</KEYVALUE></KEYBINDING><KEYBINDING NAME="S"><KEYVALUE>k</KEYVALUE></KEYBINDING></INSTANCENAME>`,
    ),
  ],
  [
    'DeleteInstance-bare-key',
    'DeleteInstance',
    param(
      'InstanceName',
      '<INSTANCENAME CLASSNAME="REF_Seed"><KEYVALUE VALUETYPE="string">s</KEYVALUE></INSTANCENAME>',
    ),
  ],
  [
    'CreateInstance-local-paths',
    'CreateInstance',
    param(
      'NewInstance',
      `<INSTANCE CLASSNAME="Acme_HostDisk"><PROPERTY.REFERENCE NAME="Host"><VALUE.REFERENCE><LOCALINSTANCEPATH><LOCALNAMESPACEPATH><NAMESPACE NAME="root"/><NAMESPACE NAME="cimv2"/></LOCALNAMESPACEPATH>${hostName('h2')}</LOCALINSTANCEPATH></VALUE.REFERENCE></PROPERTY.REFERENCE><PROPERTY.REFERENCE NAME="Disk"><VALUE.REFERENCE><INSTANCENAME CLASSNAME="Acme_SSD"><KEYBINDING NAME="Id"><VALUE.REFERENCE><CLASSNAME NAME="Acme_Disk"/></VALUE.REFERENCE></KEYBINDING></INSTANCENAME></VALUE.REFERENCE></PROPERTY.REFERENCE></INSTANCE>`,
    ),
  ],
  ['DeleteQualifier', 'DeleteQualifier', param('QualifierName', value('Fuzz_Units'))],
  ['EnumerateQualifiers', 'EnumerateQualifiers', ''],
  [
    'ExecQuery',
    'ExecQuery',
    param('QueryLanguage', value('WQL')) +
      param('Query', value('SELECT Id, SizeGB FROM Acme_Disk WHERE SizeGB &gt; 100')),
  ],
  [
    'Associators',
    'Associators',
    param('ObjectName', hostName('h1')) +
      param('AssocClass', className('Acme_HostDisk')) +
      param('ResultClass', className('Acme_Disk')) +
      param('Role', value('Host')) +
      param('ResultRole', value('Disk')) +
      param('IncludeQualifiers', value(true)) +
      param('PropertyList', `<VALUE.ARRAY>${value('Id')}</VALUE.ARRAY>`),
  ],
  ['ReferenceNames-class', 'ReferenceNames', param('ObjectName', className('Acme_Host'))],
  ['References', 'References', param('ObjectName', diskName('d1'))],
  ['OpenEnumerateInstances', 'OpenEnumerateInstances', OPEN],
  [
    'PullInstancesWithPath',
    'PullInstancesWithPath',
    param('EnumerationContext', value(CONTEXT)) + param('MaxObjectCount', value(5)),
  ],
  [
    'PullInstancePaths',
    'PullInstancePaths',
    param('EnumerationContext', value(CONTEXT)) + param('MaxObjectCount', value(0)),
  ],
  ['CloseEnumeration', 'CloseEnumeration', param('EnumerationContext', value(CONTEXT))],
  ['EnumerationCount', 'EnumerationCount', param('EnumerationContext', value(CONTEXT))],
  [
    'OpenEnumerateInstancePaths',
    'OpenEnumerateInstancePaths',
    param('ClassName', className('Acme_HostDisk')) + param('MaxObjectCount', value(0)),
  ],
  [
    'CreateInstance-namespace',
    'CreateInstance',
    param(
      'NewInstance',
      `<INSTANCE CLASSNAME="__NAMESPACE">${prop('Name', 'string', 'fuzz')}</INSTANCE>`,
    ),
    'root',
  ],
  [
    'CreateInstance-filter',
    'CreateInstance',
    param(
      'NewInstance',
      interop(
        'CIM_IndicationFilter',
        prop(
          'Query',
          'string',
          'SELECT * FROM __InstanceCreationEvent WHERE TargetInstance ISA &quot;Acme_Disk&quot;',
        ) +
          prop('QueryLanguage', 'string', 'WQL') +
          prop('SourceNamespace', 'string', 'root/cimv2'),
      ),
    ),
    'root/interop',
  ],
  [
    'CreateInstance-destination',
    'CreateInstance',
    param(
      'NewInstance',
      interop(
        'CIM_ListenerDestinationCIMXML',
        prop('Destination', 'string', 'http://127.0.0.1:9/'),
      ),
    ),
    'root/interop',
  ],
  [
    'CreateInstance-subscription',
    'CreateInstance',
    param('NewInstance', SUBSCRIPTION),
    'root/interop',
  ],
  [
    'DeleteInstance-subscription',
    'DeleteInstance',
    param(
      'InstanceName',
      `<INSTANCENAME CLASSNAME="CIM_IndicationSubscription"><KEYBINDING NAME="Filter"><VALUE.REFERENCE>${interopName('CIM_IndicationFilter')}</VALUE.REFERENCE></KEYBINDING><KEYBINDING NAME="Handler"><VALUE.REFERENCE>${interopName('CIM_ListenerDestinationCIMXML')}</VALUE.REFERENCE></KEYBINDING></INSTANCENAME>`,
    ),
    'root/interop',
  ],
];

/** An extrinsic call, which the server refuses, so that its envelope is fuzzed too. */
const INVOKE = `<?xml version="1.0" encoding="utf-8" ?>\n<CIM CIMVERSION="2.0" DTDVERSION="2.0"><MESSAGE ID="77" PROTOCOLVERSION="1.0"><SIMPLEREQ><METHODCALL NAME="Reset"><LOCALINSTANCEPATH><LOCALNAMESPACEPATH><NAMESPACE NAME="root"/><NAMESPACE NAME="cimv2"/></LOCALNAMESPACEPATH>${ALL_TYPES_NAME}</LOCALINSTANCEPATH><PARAMVALUE NAME="Force" PARAMTYPE="boolean"><VALUE>TRUE</VALUE></PARAMVALUE></METHODCALL></SIMPLEREQ></MESSAGE></CIM>`;

function written(
  label: string,
  method: string,
  params: string,
  ns = 'root/cimv2',
): RequestTemplate {
  return {
    label,
    headers: {
      'Content-Type': 'application/xml; charset="utf-8"',
      CIMOperation: 'MethodCall',
      CIMMethod: method,
      CIMObject: ns,
    },
    body: requestBody(method, params, ns),
  };
}

/** Every written request, the extrinsic call last. */
export function writtenRequests(): RequestTemplate[] {
  return [
    ...WRITTEN.map(([label, method, params, ns]) => written(label, method, params, ns)),
    {
      label: 'InvokeMethod-Reset',
      headers: {
        'Content-Type': 'application/xml; charset="utf-8"',
        CIMOperation: 'MethodCall',
        CIMMethod: 'Reset',
        CIMObject: 'root/cimv2:Fuzz_AllTypes.Id="a1"',
      },
      body: INVOKE,
    },
  ];
}
