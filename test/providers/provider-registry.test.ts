import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { planClassWrite } from '../../src/providers/class-write-plan.js';
import { validateProviderRegistration } from '../../src/providers/provider-registration.js';
import {
  classProviderFor,
  dropClassRegistrations,
  dropNamespaceRegistrations,
  EMPTY_PROVIDER_REGISTRY,
  isDynamicClass,
  parseProviderRegistrations,
  providersFor,
  registerProvider,
  serializeProviderRegistrations,
  unregisterProvider,
} from '../../src/providers/provider-registry.js';
import {
  WBEM_E_INVALID_PROVIDER_REGISTRATION,
  WBEM_E_PROVIDER_ALREADY_REGISTERED,
  WBEM_E_PROVIDER_NOT_REGISTERED,
} from '../../src/wbem/status.js';
import { WbemError } from '../../src/wbem/wbem-error.js';
import { makeClass } from '../fixtures/providers/make-class.js';

const failsWith = (hresult: number, fn: () => unknown): void => {
  assert.throws(fn, (e: unknown) => e instanceof WbemError && e.hresult === hresult);
};

const reg = (name: string, classes: string[], namespace = 'root/cimv2') => ({
  name,
  module: `/opt/providers/${name}.js`,
  namespace,
  classes,
});

describe('validateProviderRegistration', () => {
  const BAD: readonly { desc: string; input: unknown }[] = [
    { desc: 'the registration is not an object', input: 'x' },
    { desc: 'the name is missing', input: { ...reg('A', ['Foo']), name: '' } },
    { desc: 'the module is a relative path', input: { ...reg('A', ['Foo']), module: './a.js' } },
    {
      desc: 'the module URL scheme is http',
      input: { ...reg('A', ['Foo']), module: 'http://x/a.js' },
    },
    { desc: 'the namespace is missing', input: { ...reg('A', ['Foo']), namespace: undefined } },
    { desc: 'classes is empty', input: reg('A', []) },
    { desc: 'a class name is invalid', input: reg('A', ['1Foo']) },
    { desc: 'a class is listed twice', input: reg('A', ['Foo', 'FOO']) },
    { desc: 'timeoutMs is zero', input: { ...reg('A', ['Foo']), timeoutMs: 0 } },
    { desc: 'timeoutMs is too large', input: { ...reg('A', ['Foo']), timeoutMs: 1e9 } },
  ];
  for (const c of BAD)
    it(`fails with WBEM_E_INVALID_PROVIDER_REGISTRATION when ${c.desc}`, () => {
      failsWith(WBEM_E_INVALID_PROVIDER_REGISTRATION, () => validateProviderRegistration(c.input));
    });

  it('accepts file: and data: URLs and absolute paths and normalises the namespace', () => {
    for (const module of [
      '/a/b.js',
      'file:///a/b.js',
      'data:text/javascript,export default 1',
      'C:\\p\\b.js',
    ])
      assert.equal(validateProviderRegistration({ ...reg('A', ['Foo']), module }).module, module);
    assert.equal(
      validateProviderRegistration(reg('A', ['Foo'], '/root\\cimv2/')).namespace,
      'root/cimv2',
    );
  });
});

describe('ProviderRegistry', () => {
  const registry = [
    reg('First', ['Foo', 'Bar']),
    reg('Second', ['foo']),
    reg('Other', ['Foo'], 'root/other'),
  ].reduce(registerProvider, EMPTY_PROVIDER_REGISTRY);

  it('lists every provider of a class in a namespace, in registration order', () => {
    assert.deepEqual(
      providersFor(registry, 'ROOT/CIMV2', 'FOO').map((r) => r.name),
      ['First', 'Second'],
    );
    assert.deepEqual(
      providersFor(registry, 'root/other', 'Foo').map((r) => r.name),
      ['Other'],
    );
    assert.deepEqual(providersFor(registry, 'root/cimv2', 'Baz'), []);
  });

  it('makes the earliest registration the owner when the class names no provider', () => {
    assert.equal(classProviderFor(registry, 'root/cimv2', 'Foo')?.name, 'First');
  });

  it('makes the registration named by the Provider qualifier the owner', () => {
    const cls = makeClass('Foo', { Provider: 'second' });
    assert.equal(classProviderFor(registry, 'root/cimv2', 'Foo', cls)?.name, 'Second');
  });

  it('ignores a Provider qualifier naming a provider that does not list the class', () => {
    const cls = makeClass('Foo', { Provider: 'Other' });
    assert.equal(classProviderFor(registry, 'root/cimv2', 'Foo', cls)?.name, 'First');
  });

  it('has no owner for a class no provider lists', () => {
    assert.equal(classProviderFor(registry, 'root/cimv2', 'Baz'), undefined);
  });

  it('calls a class dynamic when it has Dynamic or a registered provider', () => {
    assert.equal(isDynamicClass(registry, 'root/cimv2', 'Foo'), true);
    assert.equal(
      isDynamicClass(registry, 'root/cimv2', 'Baz', makeClass('Baz', { Dynamic: true })),
      true,
    );
    assert.equal(
      isDynamicClass(registry, 'root/cimv2', 'Baz', makeClass('Baz', { Dynamic: false })),
      false,
    );
    assert.equal(isDynamicClass(registry, 'root/cimv2', 'Baz'), false);
  });

  it('fails with WBEM_E_PROVIDER_ALREADY_REGISTERED when a name is reused in the namespace', () => {
    failsWith(WBEM_E_PROVIDER_ALREADY_REGISTERED, () =>
      registerProvider(registry, reg('FIRST', ['Baz'])),
    );
    assert.doesNotThrow(() => registerProvider(registry, reg('First', ['Baz'], 'root/third')));
  });

  it('unregisters by name, failing with WBEM_E_PROVIDER_NOT_REGISTERED for an unknown one', () => {
    const after = unregisterProvider(registry, 'root/cimv2', 'first');
    assert.equal(classProviderFor(after, 'root/cimv2', 'Foo')?.name, 'Second');
    failsWith(WBEM_E_PROVIDER_NOT_REGISTERED, () =>
      unregisterProvider(after, 'root/cimv2', 'First'),
    );
  });

  it('drops the registrations of deleted classes, removing emptied registrations', () => {
    const after = dropClassRegistrations(registry, 'root/cimv2', ['FOO']);
    assert.deepEqual(
      after.registrations.map((r) => [r.name, r.classes]),
      [
        ['First', ['Bar']],
        ['Other', ['Foo']],
      ],
    );
  });

  it('drops the registrations of a deleted namespace and its children', () => {
    const nested = registerProvider(registry, reg('Deep', ['Foo'], 'root/cimv2/sub'));
    assert.deepEqual(
      dropNamespaceRegistrations(nested, 'root/CIMV2').registrations.map((r) => r.name),
      ['Other'],
    );
  });

  it('round-trips the registrations of one namespace through the persisted form', () => {
    const text = serializeProviderRegistrations(registry, 'root/cimv2');
    const back = parseProviderRegistrations(EMPTY_PROVIDER_REGISTRY, text);
    assert.deepEqual(back.registrations, providersFor(registry, 'root/cimv2', 'Foo'));
    failsWith(WBEM_E_INVALID_PROVIDER_REGISTRATION, () =>
      parseProviderRegistrations(EMPTY_PROVIDER_REGISTRY, 'x'),
    );
  });

  it('keeps the permissions of a registration through the persisted form', () => {
    const granted = registerProvider(EMPTY_PROVIDER_REGISTRY, {
      ...reg('Granted', ['Foo']),
      permissions: { fsRead: ['/srv/acme'], fsWrite: ['/var/lib/acme'] },
    });
    const text = serializeProviderRegistrations(granted, 'root/cimv2');
    const back = parseProviderRegistrations(EMPTY_PROVIDER_REGISTRY, text);
    assert.deepEqual(back.registrations[0]?.permissions, {
      fsRead: ['/srv/acme'],
      fsWrite: ['/var/lib/acme'],
    });
  });
});

describe('planClassWrite', () => {
  const registry = [reg('First', ['Foo']), reg('Second', ['Foo'])].reduce(
    registerProvider,
    EMPTY_PROVIDER_REGISTRY,
  );

  it('plans a static write with no provider call for a class no provider serves', () => {
    assert.deepEqual(planClassWrite(registry, 'root/cimv2', 'Bar', makeClass('Bar'), false), {
      dynamic: false,
    });
  });

  it('plans a dynamic write without a provider call for a Dynamic class with no class provider', () => {
    assert.deepEqual(
      planClassWrite(registry, 'root/cimv2', 'Bar', makeClass('Bar', { Dynamic: true }), false),
      { dynamic: true },
    );
  });

  it('calls the owner of a provider-served class', () => {
    const plan = planClassWrite(
      registry,
      'root/cimv2',
      'Foo',
      makeClass('Foo', { Provider: 'Second' }),
      false,
    );
    assert.equal(plan.dynamic, true);
    assert.equal(plan.provider?.name, 'Second');
  });

  it('does not call the provider back when it writes its own class with WBEM_FLAG_OWNER_UPDATE', () => {
    assert.deepEqual(planClassWrite(registry, 'root/cimv2', 'Foo', makeClass('Foo'), true), {
      dynamic: true,
    });
  });
});
