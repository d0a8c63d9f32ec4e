/**
 * @module Test helper: the names and values the request fuzzer writes into CIM-XML. Each pool
 * holds what a decoder treats specially (every DSP0201 element and `TYPE`, values at and past
 * each integer range, datetimes that are almost right, object paths, WQL, embedded objects,
 * escapes, non-ASCII, very long strings), mixed with arbitrary text so that nothing is only the
 * cases someone thought of.
 */
import fc from 'fast-check';

/** Every element DSP0201 defines for requests, and a few it does not. */
export const ELEMENT_NAMES = (
  'CIM MESSAGE SIMPLEREQ MULTIREQ IMETHODCALL METHODCALL LOCALNAMESPACEPATH NAMESPACEPATH ' +
  'NAMESPACE HOST IPARAMVALUE PARAMVALUE CLASSNAME INSTANCENAME KEYBINDING KEYVALUE ' +
  'LOCALINSTANCEPATH LOCALCLASSPATH INSTANCEPATH CLASSPATH CLASS INSTANCE QUALIFIER ' +
  'QUALIFIER.DECLARATION SCOPE PROPERTY PROPERTY.ARRAY PROPERTY.REFERENCE METHOD PARAMETER ' +
  'PARAMETER.ARRAY PARAMETER.REFERENCE PARAMETER.REFARRAY VALUE VALUE.ARRAY VALUE.REFERENCE ' +
  'VALUE.REFARRAY VALUE.NULL VALUE.NAMEDINSTANCE VALUE.OBJECT VALUE.OBJECTWITHPATH ' +
  'IRETURNVALUE ERROR SIMPLERSP EXPMETHODCALL __proto__ constructor value Cim X'
).split(' ');

export const ATTRIBUTE_NAMES = (
  'NAME TYPE CLASSNAME SUPERCLASS CLASSORIGIN PROPAGATED REFERENCECLASS ARRAYSIZE ISARRAY ' +
  'VALUETYPE EmbeddedObject EMBEDDEDOBJECT EmbeddedInstance OVERRIDABLE TOSUBCLASS ' +
  'TOINSTANCE TRANSLATABLE PARAMTYPE ID PROTOCOLVERSION CIMVERSION DTDVERSION CLASS ' +
  'PROPERTY ASSOCIATION xmlns xml:lang __proto__ constructor toString x'
).split(' ');

const TYPES = (
  'boolean string char16 uint8 sint8 uint16 sint16 uint32 sint32 uint64 sint64 real32 ' +
  'real64 datetime reference object instance UINT32 Uint8 uint128 int numeric void'
).split(' ');

const NAMES = [
  'REF_Base',
  'REF_Sub',
  'REF_Seed',
  'Acme_Host',
  'Acme_Disk',
  'Acme_SSD',
  'Acme_HostDisk',
  'Fuzz_AllTypes',
  'Fuzz_New',
  'CIM_ObjectManager',
  'CIM_Namespace',
  'CIM_RegisteredProfile',
  'CIM_IndicationFilter',
  'CIM_IndicationSubscription',
  'WBEMRX_SubscriptionCreator',
  '__NAMESPACE',
  '__SystemClass',
  '__Win32Provider',
  '__InstanceCreationEvent',
  'meta_class',
  'Name',
  'Id',
  'Key',
  'Description',
  'Association',
  'Abstract',
  'Fuzz_Units',
  'EmbeddedInstance',
  'CIMTYPE',
  'root',
  'cimv2',
  'interop',
  'root/cimv2',
  'ROOT',
  'nosuch',
  '..',
  '.',
  '/',
  '\\',
  'a b',
  '1abc',
  '_',
  '__',
  'Ünïcödé',
  '__proto__',
  'constructor',
  'hasOwnProperty',
  '名前',
  '😀',
];

const NUMBERS = [
  '0',
  '-0',
  '+5',
  ' 7 ',
  '-1',
  '127',
  '-129',
  '255',
  '256',
  '65536',
  '-32769',
  '2147483648',
  '4294967295',
  '4294967296',
  '9007199254740993',
  '9223372036854775807',
  '9223372036854775808',
  '-9223372036854775809',
  '18446744073709551615',
  '18446744073709551616',
  '0x1F',
  '-0x8000000000000001',
  '0x',
  '1e3',
  '1.5',
  '.5',
  '5.',
  '1e309',
  '-1e-400',
  'INF',
  '-INF',
  '+INF',
  'NaN',
  'Infinity',
  '0b101',
  '1_000',
  '٣',
  '999999999999999999999999999999999999999999',
];

const BOOLEANS = ['TRUE', 'FALSE', 'true', 'False', ' true ', 'yes', '1', '0', 'T', 'null', 'NULL'];

const DATETIMES = [
  '20260101123456.123456+060',
  '20261301000000.000000+000',
  '20260230000000.000000+000',
  '20260101246060.000000+000',
  '00000000000000.000000+000',
  '99999999999999.999999-999',
  '00000001020304.000000:000',
  '99999999235959.999999:000',
  '00000001020304.000000:001',
  '********121212.******+000',
  '2026****121212.123***+000',
  '2026010112345.123456+000',
  '20260101123456,123456+000',
  '20260101123456.123456+0600',
  '20260101123456.123456 000',
  '2026-01-01T12:34:56Z',
];

const PATHS = [
  'Acme_Host.Name="h1"',
  'Acme_Host.Name="h1",Name="h2"',
  'Acme_Host.Name=',
  'Acme_Host.Name="h1',
  'Acme_Host.Name=h1',
  "Acme_Host.Name='h1'",
  'Acme_Host=@',
  'Acme_Host',
  '.',
  '=',
  '=@',
  '""',
  'root/cimv2:Acme_Disk.Id="d1"',
  '//host/root/cimv2:Acme_Disk.Id="d1"',
  '//:Acme_Disk.Id="d1"',
  'nosuch:Acme_Disk.Id="d1"',
  'Acme_HostDisk.Disk="Acme_Disk.Id=\\"d1\\"",Host="Acme_Host.Name=\\"h1\\""',
  'Acme_HostDisk.Disk="Acme_Disk.Id=\\"d1",Host=',
  '__NAMESPACE.Name="cimv2"',
];

const QUERIES = [
  'SELECT * FROM Acme_Disk',
  'SELECT Id FROM Acme_Disk WHERE SizeGB > 100 AND Id LIKE "d%"',
  'SELECT * FROM Acme_Disk WHERE Id LIKE "[%"',
  'SELECT * FROM Acme_Disk WHERE SizeGB > 99999999999999999999999',
  'SELECT * FROM Acme_Disk WHERE Tags = NULL OR NOT (SizeGB < -1)',
  'SELECT COUNT(*) FROM Acme_Disk',
  'SELECT * FROM meta_class',
  'SELECT * FROM meta_class WHERE __THIS ISA "Acme_Disk"',
  'SELECT * FROM __InstanceCreationEvent WITHIN 1 WHERE TargetInstance ISA "Acme_Disk"',
  'SELECT * FROM __InstanceModificationEvent GROUP WITHIN 5',
  'ASSOCIATORS OF {Acme_Host.Name="h1"} WHERE ResultClass = Acme_Disk Role = Host',
  'REFERENCES OF {Acme_Disk.Id="d1"} WHERE ClassDefsOnly',
  'ASSOCIATORS OF {Acme_Host.Name="h1"',
  'REFERENCES OF {}',
  'SELECT',
  'SELECT * FROM',
  'SELECT * FROM NoSuch',
  'DELETE FROM Acme_Disk',
  "SELECT * FROM Acme_Disk WHERE Id = 'unterminated",
  `SELECT * FROM Acme_Disk WHERE ${'('.repeat(300)}SizeGB > 1${')'.repeat(300)}`,
  `SELECT * FROM Acme_Disk WHERE ${Array.from({ length: 300 }, (_, i) => `SizeGB = ${i}`).join(' OR ')}`,
];

const EMBEDDED = [
  '<INSTANCE CLASSNAME="Acme_Host"><PROPERTY NAME="Name" TYPE="string"><VALUE>e2</VALUE></PROPERTY></INSTANCE>',
  '<INSTANCE CLASSNAME="Acme_Disk"><PROPERTY NAME="Id" TYPE="string"><VALUE>x</VALUE></PROPERTY><PROPERTY NAME="SizeGB" TYPE="uint32"><VALUE>-4</VALUE></PROPERTY></INSTANCE>',
  '<INSTANCE CLASSNAME="NoSuch"/>',
  '<CLASS NAME="Emb"><PROPERTY NAME="P" TYPE="uint8"><VALUE>1</VALUE></PROPERTY></CLASS>',
  '<INSTANCE CLASSNAME="Acme_Host"><PROPERTY NAME="Name" TYPE="string"><VALUE>&lt;INSTANCE CLASSNAME="Acme_Host"/&gt;</VALUE></PROPERTY></INSTANCE>',
  '<INSTANCE CLASSNAME="Acme_Host">',
  '<INSTANCE CLASSNAME="Acme_Host"><PROPERTY NAME="Name" TYPE="string"><VALUE>a</VALUE><VALUE>b</VALUE></PROPERTY></INSTANCE>',
  '<!DOCTYPE x [<!ENTITY a "aaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]><INSTANCE CLASSNAME="Acme_Host"/>',
  '<?xml version="1.0"?><INSTANCE CLASSNAME="Acme_Host"/>',
  `${'<X>'.repeat(70)}${'</X>'.repeat(70)}`,
  '<VALUE.ARRAY/>',
  'not xml',
  '',
];

const TEXT = [
  '',
  ' ',
  '\n\t ',
  'x',
  'a&b',
  '&amp;',
  '&lt;x/&gt;',
  '<x/>',
  ']]>',
  '"\'',
  'é',
  'ü😀名',
  '\u00a0',
  '\u200b',
  '\ufeff',
  'x'.repeat(300),
  'y'.repeat(70_000),
  'a1',
  'd1',
  'h1',
  'fuzz',
  'WQL',
  'DMTF:CQL',
  'http://127.0.0.1:9/',
  'file:///etc/passwd',
  'compatible',
  'force',
];

/** Text that looks like the CIM values DSP0201 carries, or almost does. */
export const textValue: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...NUMBERS, ...BOOLEANS, ...DATETIMES) },
  { weight: 3, arbitrary: fc.constantFrom(...PATHS, ...QUERIES, ...EMBEDDED) },
  { weight: 4, arbitrary: fc.constantFrom(...TEXT, ...NAMES) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.bigInt().map(String) },
  { weight: 1, arbitrary: fc.double().map(String) },
);

/** Attribute values: names, `TYPE`s, numbers, booleans and arbitrary text. */
export const attributeValue: fc.Arbitrary<string> = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom(...NAMES) },
  { weight: 4, arbitrary: fc.constantFrom(...TYPES) },
  {
    weight: 3,
    arbitrary: fc.constantFrom(...BOOLEANS, ...NUMBERS, 'instance', 'object', '', 'a\tb\nc'),
  },
  { weight: 1, arbitrary: fc.constantFrom(...TEXT) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 30 }) },
);

/** Raw text spliced into a serialized body, where an escape or a character breaks the XML. */
export const RAW_SNIPPETS = [
  '&',
  '&amp;',
  '&#0;',
  '&#x110000;',
  '&#xD800;',
  '&#65;',
  '&nosuch;',
  '&lt',
  '<',
  '>',
  '"',
  "'",
  '</',
  '/>',
  '<![CDATA[x<y]]>',
  '<!-- c -->',
  '<!--',
  '<?pi x?>',
  '<!DOCTYPE CIM [<!ENTITY a "b">]>',
  '<!ENTITY a "b">',
  '\u0000',
  '\u0001',
  '\ufffe',
  '\ufeff',
  '\r\n',
  ' xmlns:a="urn:x" a:NAME="y"',
  '<X/>',
] as const;
