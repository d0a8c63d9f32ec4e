/**
 * @module The write operations of the escalation matrix, each with the rights that allow the
 * change it makes, directly or through what it reaches (update modes, cascades, instance paths,
 * providers, descriptors). Every object a case touches carries the case's tag, so the cases of
 * one namespace stay apart.
 */
import type { WbemEngine } from '../../../src/api/wbem-engine.js';
import type { WbemServices } from '../../../src/api/wbem-services.js';
import { cimInstance } from '../../../src/model/cim-builders.js';
import {
  type Ace,
  ace,
  type SecurityDescriptor,
  WBEM_ALL_RIGHTS,
} from '../../../src/security/security-descriptor.js';
import {
  WBEM_FLAG_CREATE_ONLY,
  WBEM_FLAG_OWNER_UPDATE,
  WBEM_FLAG_UPDATE_FORCE_MODE,
  WBEM_FLAG_UPDATE_ONLY,
  WBEM_FLAG_UPDATE_SAFE_MODE,
} from '../../../src/wbem/flags.js';
import {
  WBEM_FULL_WRITE_REP as FULL,
  WBEM_PARTIAL_WRITE_REP as PARTIAL,
  WBEM_WRITE_PROVIDER as PROVIDER,
  WRITE_DAC,
} from '../../../src/wbem/security.js';
import { hresultName } from '../../../src/wbem/status.js';
import { WbemError } from '../../../src/wbem/wbem-error.js';
import {
  cls,
  dynamicOnly,
  dynamicOverStatic,
  dynamicParent,
  leaf,
  staticFamily,
} from './escalation-fixtures.js';

/** The module of the counting class provider the provider rows register. */
export const COUNTING_PROVIDER = new URL('../fixtures/counting-provider.js', import.meta.url).href;

/** Where one case runs. */
export interface MatrixCase {
  readonly engine: WbemEngine;
  /** The administrator (the process principal) on the case's namespace. */
  readonly admin: WbemServices;
  readonly namespace: string;
  /** Unique within the namespace: the principal under test. */
  readonly tag: string;
  /** Entries every descriptor of the namespace keeps (the revocations of phase-1 rights). */
  readonly baseline: readonly Ace[];
}

export interface EscalationOperation {
  readonly name: string;
  /** Whether a caller past phase 1 holding `rights` may make the change. */
  readonly allowed: (rights: number) => boolean;
  /** The namespace has the counting provider registered for `providerClasses(tag)`. */
  readonly providerClasses?: (tag: string) => readonly string[];
  readonly setup?: (c: MatrixCase) => Promise<void>;
  readonly run: (svc: WbemServices, c: MatrixCase) => Promise<unknown>;
  /** State the repository snapshot does not show (provider calls, registrations). */
  readonly probe?: (c: MatrixCase) => Promise<unknown>;
}

const has = (rights: number, needed: number): boolean => (rights & needed) === needed;
const either = (rights: number, a: number, b: number): boolean => has(rights, a) || has(rights, b);

const descriptor = (c: MatrixCase, ...aces: Ace[]): SecurityDescriptor => ({
  aces: [...c.baseline, ...aces],
});

/** The HRESULT name of a call, or its success. */
export async function outcomeOf(work: Promise<unknown>): Promise<string> {
  try {
    await work;
    return 'WBEM_S_NO_ERROR';
  } catch (error) {
    return error instanceof WbemError ? hresultName(error.hresult) : String(error);
  }
}

const registration = (tag: string) => ({
  name: `Rg_${tag}`,
  module: COUNTING_PROVIDER,
  classes: [`Rg_${tag}`],
});

export const OPERATIONS: readonly EscalationOperation[] = [
  {
    name: 'PutClass creating a static class',
    allowed: (r) => has(r, FULL),
    run: (svc, { tag }) => svc.putClass(cls(`N_${tag}`), WBEM_FLAG_CREATE_ONLY),
  },
  {
    name: 'PutClass creating a dynamic class',
    allowed: (r) => has(r, PROVIDER),
    run: (svc, { tag }) => svc.putClass(cls(`N_${tag}`, { dynamic: true }), WBEM_FLAG_CREATE_ONLY),
  },
  {
    name: 'PutClass updating a static class in compatible mode',
    allowed: (r) => has(r, FULL),
    setup: leaf,
    run: (svc, { tag }) => svc.putClass(cls(`L_${tag}`, { extra: true }), WBEM_FLAG_UPDATE_ONLY),
  },
  {
    name: 'PutClass making a static class dynamic in safe mode',
    allowed: (r) => has(r, FULL | PROVIDER),
    setup: leaf,
    run: (svc, { tag }) =>
      svc.putClass(
        cls(`L_${tag}`, { dynamic: true }),
        WBEM_FLAG_UPDATE_ONLY | WBEM_FLAG_UPDATE_SAFE_MODE,
      ),
  },
  {
    name: 'PutClass making a static class with a subclass and instances dynamic in force mode',
    allowed: (r) => has(r, FULL | PROVIDER),
    setup: staticFamily,
    run: (svc, { tag }) =>
      svc.putClass(cls(`SB_${tag}`, { dynamic: true }), WBEM_FLAG_UPDATE_FORCE_MODE),
  },
  {
    name: 'PutClass making a static class dynamic with WBEM_FLAG_OWNER_UPDATE',
    allowed: (r) => has(r, FULL | PROVIDER),
    setup: leaf,
    run: (svc, { tag }) =>
      svc.putClass(
        cls(`L_${tag}`, { dynamic: true }),
        WBEM_FLAG_UPDATE_ONLY | WBEM_FLAG_OWNER_UPDATE,
      ),
  },
  ...[
    ['safe', WBEM_FLAG_UPDATE_SAFE_MODE],
    ['force', WBEM_FLAG_UPDATE_FORCE_MODE],
  ].map(
    ([mode, flags]): EscalationOperation => ({
      name: `PutClass updating a dynamic class in ${mode} mode, which rewrites its static subclass`,
      allowed: (r) => has(r, FULL | PROVIDER),
      setup: dynamicParent,
      run: (svc, { tag }) =>
        svc.putClass(cls(`DP_${tag}`, { dynamic: true, extra: true }), flags as number),
    }),
  ),
  {
    name: 'DeleteClass of a static class with a subclass and instances',
    allowed: (r) => has(r, FULL),
    setup: staticFamily,
    run: (svc, { tag }) => svc.deleteClass(`SB_${tag}`),
  },
  {
    name: 'DeleteClass of a dynamic class whose cascade removes a static subclass and instance',
    allowed: (r) => has(r, FULL | PROVIDER),
    setup: dynamicOverStatic,
    run: (svc, { tag }) => svc.deleteClass(`DB_${tag}`),
  },
  {
    name: 'DeleteClass of a dynamic class whose cascade removes only dynamic classes',
    allowed: (r) => has(r, PROVIDER),
    setup: dynamicOnly,
    run: (svc, { tag }) => svc.deleteClass(`DO_${tag}`),
  },
  {
    name: 'PutInstance creating a static instance',
    allowed: (r) => either(r, FULL, PARTIAL),
    setup: leaf,
    run: (svc, { tag }) => svc.putInstance(cimInstance(`L_${tag}`, { Id: 'new' })),
  },
  {
    name: 'PutInstance updating a static instance',
    allowed: (r) => either(r, FULL, PARTIAL),
    setup: staticFamily,
    run: (svc, { tag }) =>
      svc.putInstance(
        cimInstance(`SB_${tag}`, { Id: 'b1', Value: 'changed' }),
        WBEM_FLAG_UPDATE_ONLY,
      ),
  },
  {
    name: 'PutInstance creating an instance of a dynamic class',
    allowed: (r) => has(r, PROVIDER),
    setup: dynamicOnly,
    run: (svc, { tag }) => svc.putInstance(cimInstance(`DO_${tag}`, { Id: 'new' })),
  },
  {
    name: 'PutInstance of a system class (__Win32Provider)',
    allowed: (r) => has(r, FULL),
    run: (svc, { tag }) => svc.putInstance(cimInstance('__Win32Provider', { Name: `W_${tag}` })),
  },
  {
    name: 'DeleteInstance of a static instance',
    allowed: (r) => either(r, FULL, PARTIAL),
    setup: staticFamily,
    run: (svc, { tag }) => svc.deleteInstance(`SB_${tag}.Id="b1"`),
  },
  {
    name: 'DeleteInstance of a static instance by the path of its dynamic ancestor',
    allowed: (r) => either(r, FULL, PARTIAL),
    setup: dynamicOverStatic,
    run: (svc, { tag }) => svc.deleteInstance(`DB_${tag}.Id="d1"`),
  },
  {
    name: 'DeleteInstance of a static instance whose key names a dynamic class after a colon',
    allowed: (r) => either(r, FULL, PARTIAL),
    setup: async (c) => {
      await dynamicOnly(c);
      await leaf(c);
      await c.admin.putInstance(cimInstance(`L_${c.tag}`, { Id: `x:DO_${c.tag}.Id=1` }));
    },
    run: (svc, { tag }) => svc.deleteInstance(`L_${tag}.Id="x:DO_${tag}.Id=1"`),
  },
  {
    name: 'DeleteInstance of an instance of a dynamic class',
    allowed: (r) => has(r, PROVIDER),
    setup: dynamicOnly,
    run: (svc, { tag }) => svc.deleteInstance(`DO_${tag}.Id="o1"`),
  },
  {
    name: 'DeleteInstance of a __NAMESPACE instance',
    allowed: (r) => has(r, FULL),
    setup: async ({ engine, namespace, tag }) => {
      await engine.createNamespace(namespace, `c_${tag}`);
    },
    run: (svc, { tag }) => svc.deleteInstance(`__NAMESPACE.Name="c_${tag}"`),
  },
  {
    name: 'PutQualifierDeclaration',
    allowed: (r) => has(r, FULL),
    run: (svc, { tag }) =>
      svc.putQualifierDeclaration({
        name: `Q_${tag}`,
        type: 8,
        isArray: false,
        value: null,
        scopes: ['class'],
        flavor: 0,
      }),
  },
  {
    name: 'DeleteQualifierDeclaration',
    allowed: (r) => has(r, FULL),
    setup: ({ admin, tag }) =>
      admin.putQualifierDeclaration({
        name: `Q_${tag}`,
        type: 8,
        isArray: false,
        value: null,
        scopes: ['class'],
        flavor: 0,
      }),
    run: (svc, { tag }) => svc.deleteQualifierDeclaration(`Q_${tag}`),
  },
  {
    name: 'SetSecurityDescriptor granting the caller every right',
    allowed: (r) => has(r, WRITE_DAC),
    setup: (c) => c.admin.setSecurityDescriptor(descriptor(c)),
    run: (svc, c) => svc.setSecurityDescriptor(descriptor(c, ace('allow', c.tag, WBEM_ALL_RIGHTS))),
  },
  {
    name: 'SetSecurityDescriptor naming the caller owner',
    allowed: () => false,
    setup: (c) => c.admin.setSecurityDescriptor(descriptor(c)),
    run: (svc, c) => svc.setSecurityDescriptor({ ...descriptor(c), owner: c.tag }),
  },
  {
    name: 'RegisterProvider',
    allowed: (r) => has(r, FULL),
    run: (svc, { tag }) => svc.registerProvider(registration(tag)),
    probe: ({ admin, tag }) => outcomeOf(admin.getClass(`Rg_${tag}`)),
  },
  {
    name: 'UnregisterProvider',
    allowed: (r) => has(r, FULL),
    setup: ({ admin, tag }) => admin.registerProvider(registration(tag)),
    run: (svc, { tag }) => svc.unregisterProvider(`Rg_${tag}`),
    probe: ({ admin, tag }) => outcomeOf(admin.getClass(`Rg_${tag}`)),
  },
  {
    name: 'PutClass creating a provider-backed class (the provider is called)',
    allowed: (r) => has(r, PROVIDER),
    providerClasses: (tag) => [`PN_${tag}`],
    run: (svc, { tag }) => svc.putClass(cls(`PN_${tag}`), WBEM_FLAG_CREATE_ONLY),
    probe: async ({ admin }) => (await admin.getClass('Counter')).qualifiers.get('calls')?.value,
  },
  {
    name: 'DeleteClass of a provider-backed class whose cascade removes a static subclass',
    allowed: (r) => has(r, FULL | PROVIDER),
    providerClasses: (tag) => [`PB_${tag}`],
    setup: async ({ admin, tag }) => {
      await admin.putClass(cls(`PB_${tag}`));
      await admin.putClass(cls(`PBS_${tag}`, { superclass: `PB_${tag}` }));
      await admin.putInstance(cimInstance(`PBS_${tag}`, { Id: 'p1' }));
    },
    run: (svc, { tag }) => svc.deleteClass(`PB_${tag}`),
    probe: async ({ admin }) => (await admin.getClass('Counter')).qualifiers.get('calls')?.value,
  },
];
