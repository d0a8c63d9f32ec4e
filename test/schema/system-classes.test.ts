/**
 * @module The WMI system classes every namespace has, as `getClass`, `createClassEnum`,
 * `putClass` and `putInstance` show them: each class's superclass, abstractness and own members
 * (WMI SDK, "WMI System Classes"), which of them user classes may derive from, and which store
 * instances.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cimClass, cimInstance } from '../../src/model/cim-builders.js';
import type { CimClass } from '../../src/model/cim-class.js';
import { cimTypeName } from '../../src/model/cim-type-check.js';
import {
  createClassEnum,
  getClass,
  putClass,
  putInstance,
  systemClass,
  systemClassNames,
} from '../../src/schema/index.js';
import { WBEM_FLAVOR_FLAG_PROPAGATE_TO_DERIVED_CLASS } from '../../src/wbem/flavor.js';
import { ENV, INSTANCE, intent, outcome } from './helpers/env.js';
import { TestStore } from './helpers/test-store.js';

interface SystemClassCase {
  readonly name: string;
  readonly superclass: string | null;
  readonly abstract: boolean;
  /** Declared or overridden properties as `Name type [= default] [key] [ref/embedded class]`. */
  readonly properties: readonly string[];
  /** Own methods as `Name returnType(direction type parameter, ...)`. */
  readonly methods?: readonly string[];
}

const SYSTEM_CLASSES: readonly SystemClassCase[] = [
  { name: '__SystemClass', superclass: null, abstract: true, properties: [] },
  {
    name: '__NAMESPACE',
    superclass: '__SystemClass',
    abstract: false,
    properties: ['Name string key'],
  },
  {
    name: '__ExtendedStatus',
    superclass: '__SystemClass',
    abstract: false,
    properties: [
      'Description string',
      'Operation string',
      'ParameterInfo string',
      'ProviderName string',
      'StatusCode uint32',
    ],
  },
  { name: '__IndicationRelated', superclass: '__SystemClass', abstract: true, properties: [] },
  {
    name: '__Event',
    superclass: '__IndicationRelated',
    abstract: true,
    properties: ['SECURITY_DESCRIPTOR uint8[]', 'TIME_CREATED uint64'],
  },
  {
    name: '__ClassOperationEvent',
    superclass: '__Event',
    abstract: true,
    properties: ['TargetClass object'],
  },
  {
    name: '__ClassCreationEvent',
    superclass: '__ClassOperationEvent',
    abstract: false,
    properties: [],
  },
  {
    name: '__ClassModificationEvent',
    superclass: '__ClassOperationEvent',
    abstract: false,
    properties: ['PreviousClass object'],
  },
  {
    name: '__ClassDeletionEvent',
    superclass: '__ClassOperationEvent',
    abstract: false,
    properties: [],
  },
  {
    name: '__InstanceOperationEvent',
    superclass: '__Event',
    abstract: true,
    properties: ['TargetInstance object'],
  },
  {
    name: '__InstanceCreationEvent',
    superclass: '__InstanceOperationEvent',
    abstract: false,
    properties: [],
  },
  {
    name: '__InstanceModificationEvent',
    superclass: '__InstanceOperationEvent',
    abstract: false,
    properties: ['PreviousInstance object'],
  },
  {
    name: '__InstanceDeletionEvent',
    superclass: '__InstanceOperationEvent',
    abstract: false,
    properties: [],
  },
  {
    name: '__NamespaceOperationEvent',
    superclass: '__Event',
    abstract: true,
    properties: ['TargetNamespace object embeds __NAMESPACE'],
  },
  {
    name: '__NamespaceCreationEvent',
    superclass: '__NamespaceOperationEvent',
    abstract: false,
    properties: [],
  },
  {
    name: '__NamespaceModificationEvent',
    superclass: '__NamespaceOperationEvent',
    abstract: false,
    properties: ['PreviousNamespace object embeds __NAMESPACE'],
  },
  {
    name: '__NamespaceDeletionEvent',
    superclass: '__NamespaceOperationEvent',
    abstract: false,
    properties: [],
  },
  { name: '__ExtrinsicEvent', superclass: '__Event', abstract: true, properties: [] },
  { name: '__EventConsumer', superclass: '__IndicationRelated', abstract: true, properties: [] },
  {
    name: '__SystemSecurity',
    superclass: '__SystemClass',
    abstract: false,
    properties: [],
    methods: ['GetSD uint32(out uint8[] SD)', 'SetSD uint32(in uint8[] SD)'],
  },
  { name: '__PARAMETERS', superclass: '__SystemClass', abstract: true, properties: [] },
  {
    name: '__Provider',
    superclass: '__SystemClass',
    abstract: true,
    properties: ['Name string key'],
  },
  {
    name: '__Win32Provider',
    superclass: '__Provider',
    abstract: false,
    properties: [
      'ClientLoadableCLSID string',
      'CLSID string',
      'Concurrency sint32',
      'DefaultMachineName string',
      'Enabled boolean = true',
      'HostingModel string',
      'ImpersonationLevel sint32 = 0',
      'InitializationReentrancy sint32',
      'InitializationTimeoutInterval datetime',
      'InitializeAsAdminFirst boolean',
      'OperationTimeoutInterval datetime',
      'PerLocaleInitialization boolean = false',
      'PerUserInitialization boolean = false',
      'Pure boolean = true',
      'SecurityDescriptor string',
      'SupportsExplicitShutdown boolean',
      'SupportsExtendedStatus boolean',
      'SupportsQuotas boolean',
      'SupportsSendStatus boolean',
      'SupportsShutdown boolean',
      'SupportsThrottling boolean',
      'UnloadTimeout datetime',
      'Version uint32',
    ],
  },
  {
    name: '__ProviderRegistration',
    superclass: '__SystemClass',
    abstract: true,
    properties: ['provider ref key refers to __Provider'],
  },
  {
    name: '__ObjectProviderRegistration',
    superclass: '__ProviderRegistration',
    abstract: true,
    properties: [
      'InteractionType sint32 = 0',
      'QuerySupportLevels string[]',
      'SupportsBatching boolean',
      'SupportsDelete boolean = false',
      'SupportsEnumeration boolean = false',
      'SupportsGet boolean = false',
      'SupportsPut boolean = false',
      'SupportsTransactions boolean',
    ],
  },
  {
    name: '__InstanceProviderRegistration',
    superclass: '__ObjectProviderRegistration',
    abstract: false,
    properties: ['SupportsEnumeration boolean = true'],
  },
  {
    name: '__ClassProviderRegistration',
    superclass: '__ObjectProviderRegistration',
    abstract: false,
    properties: [
      'CacheRefreshInterval datetime',
      'PerUserSchema boolean',
      'ReferencedSetQueries string[]',
      'ResultSetQueries string[]',
      'UnsupportedQueries string[]',
      'Version uint32',
    ],
  },
  {
    name: '__MethodProviderRegistration',
    superclass: '__ProviderRegistration',
    abstract: false,
    properties: [],
  },
  {
    name: '__EventProviderRegistration',
    superclass: '__ProviderRegistration',
    abstract: false,
    properties: ['EventQueryList string[]'],
  },
  {
    name: '__EventConsumerProviderRegistration',
    superclass: '__ProviderRegistration',
    abstract: false,
    properties: ['ConsumerClassNames string[]'],
  },
  {
    name: '__PropertyProviderRegistration',
    superclass: '__ProviderRegistration',
    abstract: false,
    properties: ['SupportsGet boolean = false', 'SupportsPut boolean = false'],
  },
];

/** Properties a resolved class declares or overrides, as `SystemClassCase.properties` notes them. */
function ownProperties(cls: CimClass): string[] {
  return [...cls.properties.values()]
    .filter((p) => p.propagated !== true)
    .map((p) =>
      [
        p.name,
        cimTypeName(p.type, p.isArray),
        p.value === null ? '' : `= ${String(p.value)}`,
        p.qualifiers.get('key')?.value === true ? 'key' : '',
        p.referenceClass === undefined ? '' : `refers to ${p.referenceClass}`,
        p.embeddedObjectClass === undefined ? '' : `embeds ${p.embeddedObjectClass}`,
      ]
        .filter((part) => part !== '')
        .join(' '),
    );
}

function ownMethods(cls: CimClass): string[] {
  return [...cls.methods.values()]
    .filter((m) => m.propagated !== true)
    .map((m) => {
      const params = [...m.parameters.values()].map((p) => {
        const dir = ['in', 'out'].filter((d) => p.qualifiers.get(d)?.value === true).join('/');
        return `${dir} ${cimTypeName(p.type, p.isArray)} ${p.name}`;
      });
      return `${m.name} ${cimTypeName(m.returnType, m.returnIsArray ?? false)}(${params.join(', ')})`;
    });
}

describe('GetObject (system classes)', () => {
  it('lists every system class, parents before children', () => {
    assert.deepEqual(
      systemClassNames(),
      SYSTEM_CLASSES.map((c) => c.name),
    );
  });

  for (const c of SYSTEM_CLASSES) {
    it(`returns ${c.name} with its superclass, abstractness and own members when it is read`, () => {
      const cls = getClass(new TestStore(), c.name.toLowerCase(), {}, ENV);
      assert.equal(cls.name, c.name);
      assert.equal(cls.superclass, c.superclass);
      assert.equal(cls.qualifiers.get('abstract')?.value === true, c.abstract);
      assert.deepEqual(ownProperties(cls), c.properties);
      assert.deepEqual(ownMethods(cls), c.methods ?? []);
    });
  }

  it('gives each member the class that declares it as origin and marks only inherited ones propagated', () => {
    const store = new TestStore();
    for (const name of systemClassNames()) {
      const cls = getClass(store, name, {}, ENV);
      const parent = cls.superclass === null ? null : getClass(store, cls.superclass, {}, ENV);
      for (const m of [...cls.properties.values(), ...cls.methods.values()]) {
        const from =
          parent?.properties.get(m.name.toLowerCase()) ?? parent?.methods.get(m.name.toLowerCase());
        const where = `${name}.${m.name}`;
        if (from === undefined) {
          assert.equal(m.classOrigin, name, where);
          assert.equal(m.propagated, false, where);
        } else {
          assert.equal(m.classOrigin, from.classOrigin, where);
          assert.equal(typeof m.propagated, 'boolean', where);
        }
      }
    }
  });

  it('marks Name a key of every provider, inherited by __Win32Provider', () => {
    const p = getClass(new TestStore(), '__Win32Provider', {}, ENV).properties.get('name');
    assert.equal(p?.classOrigin, '__Provider');
    assert.equal(p?.qualifiers.get('key')?.value, true);
  });
});

describe('CreateClassEnum (system classes)', () => {
  const shallow = (name: string | null) =>
    createClassEnum(new TestStore(), name, false, {}, ENV).map((c) => c.name);

  it('returns the direct system subclasses of each system class in table order', () => {
    for (const c of SYSTEM_CLASSES) {
      assert.deepEqual(
        shallow(c.name.toUpperCase()),
        SYSTEM_CLASSES.filter((s) => s.superclass === c.name).map((s) => s.name),
        c.name,
      );
    }
  });

  it('returns __SystemClass as the only system root', () => {
    assert.deepEqual(shallow(null), ['__SystemClass']);
  });
});

describe('PutClass below a system class', () => {
  for (const c of SYSTEM_CLASSES) {
    const derivable = ['__ExtrinsicEvent', '__EventConsumer', '__ExtendedStatus'].includes(c.name);
    const expect = derivable ? 'WBEM_S_NO_ERROR' : 'WBEM_E_INVALID_SUPERCLASS';
    it(`${derivable ? 'succeeds' : `fails with ${expect}`} when the superclass is ${c.name}`, () => {
      assert.equal(
        outcome(() =>
          putClass(new TestStore(), cimClass({ name: 'Mine', superclass: c.name }), intent(), ENV),
        ),
        expect,
      );
    });
  }
});

describe('PutInstance of a system class', () => {
  const STORED = [
    '__Win32Provider',
    '__InstanceProviderRegistration',
    '__ClassProviderRegistration',
    '__MethodProviderRegistration',
    '__EventProviderRegistration',
    '__EventConsumerProviderRegistration',
    '__PropertyProviderRegistration',
  ];
  const keysOf = (name: string) =>
    name === '__Win32Provider' ? { Name: 'P' } : { provider: '__Win32Provider.Name="P"' };
  for (const c of SYSTEM_CLASSES.filter((s) => !s.abstract)) {
    const stored = STORED.includes(c.name);
    const expect = stored ? 'WBEM_S_NO_ERROR' : 'WBEM_E_INVALID_OPERATION';
    it(`${stored ? 'succeeds' : `fails with ${expect}`} when the class is ${c.name}`, () => {
      const instance = cimInstance(c.name, stored ? keysOf(c.name) : {});
      assert.equal(
        outcome(() => putInstance(new TestStore(), instance, INSTANCE, ENV)),
        expect,
      );
    });
  }
});

describe('system class keys', () => {
  const keysOf = (cls: CimClass): string[] =>
    [...cls.properties.values()]
      .filter((p) => p.qualifiers.get('key')?.value === true)
      .map((p) => p.name);

  it('a system class keeps the keys of its system superclass (__Win32Provider: Name)', () => {
    let checked = 0;
    for (const name of systemClassNames()) {
      const record = systemClass(name);
      const superclass = record?.local.superclass;
      if (record === undefined || superclass === null || superclass === undefined) continue;
      const inherited = keysOf((systemClass(superclass) as NonNullable<typeof record>).resolved);
      if (inherited.length === 0) continue;
      checked++;
      assert.deepEqual(keysOf(record.resolved), inherited, name);
    }
    assert.ok(checked >= 8, `${checked} keyed subclasses`);
  });

  it('a system key is flavored ToSubclass, as readers see it', () => {
    const name = systemClass('__Provider')?.resolved.properties.get('name');
    const flavor = name?.qualifiers.get('key')?.flavor ?? 0;
    assert.equal(
      flavor & WBEM_FLAVOR_FLAG_PROPAGATE_TO_DERIVED_CLASS,
      WBEM_FLAVOR_FLAG_PROPAGATE_TO_DERIVED_CLASS,
    );
  });
});
