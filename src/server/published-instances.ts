/**
 * @module The instances of the server's self-description in `root/interop`, computed from the
 * engine's state at the moment they are read:
 *
 * ```
 * CIM_RegisteredProfile "WBEM Server" ──CIM_ElementConformsToProfile──► CIM_ObjectManager
 *                                                                         │
 * CIM_Namespace (one per namespace the caller may open) ◄──CIM_NamespaceInManager──┘
 * ```
 *
 * `CIM_Namespace` is weak to its object manager: its first four keys are the manager's keys, and
 * `Name` is the namespace path with `/`. The object manager is the stored `CIM_ObjectManager`
 * (`object-manager.ts`); with none, namespaces are named after this server's own keys and no
 * association is given, since there is nothing to point at.
 *
 * Only the profiles the server implements are registered: the WBEM Server profile, whose central
 * class is the object manager. The Indications profile (DSP1054) is not claimed: the server
 * serves its subscription classes but publishes no `CIM_IndicationService`, which that profile
 * requires.
 */
import {
  CIM_REFERENCE,
  CIM_STRING,
  type CimClass,
  type CimInstance,
  type CimValue,
  cimInstance,
  formatInstancePath,
  nameKey,
} from '../index.js';
import {
  CONFORMS_TO_PROFILE_CLASS,
  NAMESPACE_CLASS,
  NAMESPACE_IN_MANAGER_CLASS,
  NAMESPACE_KEYS,
  NOT_ADVERTISED,
  ORGANIZATION_DMTF,
  REGISTERED_PROFILE_CLASS,
} from './interop-profile-schema.js';
import { objectManagerKeys } from './object-manager.js';

/** What the instances are computed from, read afresh for each call. */
export interface PublishedSource {
  /** Namespace paths the caller may open (`visible-namespaces.ts`). */
  readonly namespaces: () => Promise<readonly string[]>;
  /** The stored `CIM_ObjectManager` instances, as the caller reads them. */
  readonly objectManagers: () => Promise<readonly CimInstance[]>;
  /** A class of `root/interop` as stored (key types, derivation). */
  readonly classOf: (name: string) => Promise<CimClass>;
  /** `__SERVER` of the instances. */
  readonly server: string;
}

/** A profile the server implements, with its central class the object manager. */
export interface RegisteredProfile {
  readonly instanceId: string;
  readonly name: string;
  readonly version: string;
}

export const REGISTERED_PROFILES: readonly RegisteredProfile[] = [
  { instanceId: 'wbemrx:DMTF+WBEM Server+1.0.0', name: 'WBEM Server', version: '1.0.0' },
];

const INTEROP_PATH = 'root\\interop';

function text(inst: CimInstance, name: string): string {
  const v = inst.properties.get(nameKey(name))?.value;
  return typeof v === 'string' ? v : '';
}

/** An instance as the engine would return it: values plus the system properties. */
function published(
  cls: CimClass,
  values: Readonly<Record<string, CimValue>>,
  keyNames: readonly string[],
  server: string,
): CimInstance {
  const keys = keyNames.map((name) => ({
    name,
    value: String(values[name]),
    // Stryker disable next-line ConditionalExpression,EqualityOperator: a string and a reference key are both written quoted, so the path is the same whichever type a key is given
    type: cls.properties.get(nameKey(name))?.type === CIM_REFERENCE ? CIM_REFERENCE : CIM_STRING,
  }));
  const relPath = formatInstancePath(cls.name, keys);
  const derivation = cls.systemProperties?.__DERIVATION ?? [];
  return {
    ...cimInstance(cls.name, values),
    systemProperties: {
      __GENUS: 2,
      __CLASS: cls.name,
      __SUPERCLASS: cls.superclass,
      __DYNASTY: derivation.at(-1) ?? cls.name,
      __DERIVATION: derivation,
      __PROPERTY_COUNT: cls.properties.size,
      __RELPATH: relPath,
      __PATH: `\\\\${server}\\${INTEROP_PATH}:${relPath}`,
      __NAMESPACE: INTEROP_PATH,
      __SERVER: server,
    },
  };
}

/** The stored managers with their paths; the scoping keys alone when there is none. */
async function managers(
  source: PublishedSource,
): Promise<{ keys: Readonly<Record<string, string>>; path: string | null }[]> {
  const stored = await source.objectManagers();
  const found = stored.flatMap((om) => {
    const path = om.systemProperties?.__RELPATH;
    if (typeof path !== 'string') return [];
    const keys = {
      SystemCreationClassName: text(om, 'SystemCreationClassName'),
      SystemName: text(om, 'SystemName'),
      CreationClassName: text(om, 'CreationClassName'),
      Name: text(om, 'Name'),
    };
    return [{ keys, path }];
  });
  return found.length > 0 ? found : [{ keys: objectManagerKeys(), path: null }];
}

async function namespaceInstances(
  source: PublishedSource,
): Promise<{ namespace: CimInstance; manager: string | null }[]> {
  const [cls, list, scopes] = await Promise.all([
    source.classOf(NAMESPACE_CLASS),
    source.namespaces(),
    managers(source),
  ]);
  return scopes.flatMap(({ keys, path }) =>
    list.map((name) => {
      const values = {
        SystemCreationClassName: keys['SystemCreationClassName'] ?? '',
        SystemName: keys['SystemName'] ?? '',
        ObjectManagerCreationClassName: keys['CreationClassName'] ?? '',
        ObjectManagerName: keys['Name'] ?? '',
        CreationClassName: cls.name,
        Name: name,
        ElementName: name,
      };
      return { namespace: published(cls, values, NAMESPACE_KEYS, source.server), manager: path };
    }),
  );
}

async function profileInstances(source: PublishedSource): Promise<CimInstance[]> {
  const cls = await source.classOf(REGISTERED_PROFILE_CLASS);
  return REGISTERED_PROFILES.map((p) =>
    published(
      cls,
      {
        InstanceID: p.instanceId,
        RegisteredOrganization: ORGANIZATION_DMTF,
        RegisteredName: p.name,
        RegisteredVersion: p.version,
        AdvertiseTypes: [NOT_ADVERTISED],
        ElementName: p.name,
      },
      ['InstanceID'],
      source.server,
    ),
  );
}

/**
 * The published instances of exactly `className` (one of `PUBLISHED_CLASSES`); none for
 * another class.
 * @throws {WbemError} as the source's reads (WBEM_E_NOT_FOUND when a class was deleted).
 */
export async function publishedInstances(
  className: string,
  source: PublishedSource,
): Promise<CimInstance[]> {
  switch (nameKey(className)) {
    case nameKey(NAMESPACE_CLASS):
      return (await namespaceInstances(source)).map((n) => n.namespace);
    case nameKey(REGISTERED_PROFILE_CLASS):
      return profileInstances(source);
    case nameKey(NAMESPACE_IN_MANAGER_CLASS): {
      const [cls, namespaces] = await Promise.all([
        source.classOf(NAMESPACE_IN_MANAGER_CLASS),
        namespaceInstances(source),
      ]);
      return namespaces.flatMap(({ namespace, manager }) =>
        manager === null
          ? []
          : [
              published(
                cls,
                // Stryker disable next-line StringLiteral,OptionalChaining: `published` always gives the namespace its system properties with a string __RELPATH
                { Antecedent: manager, Dependent: namespace.systemProperties?.__RELPATH ?? '' },
                ['Antecedent', 'Dependent'],
                source.server,
              ),
            ],
      );
    }
    case nameKey(CONFORMS_TO_PROFILE_CLASS): {
      const [cls, profiles, scopes] = await Promise.all([
        source.classOf(CONFORMS_TO_PROFILE_CLASS),
        profileInstances(source),
        managers(source),
      ]);
      return profiles.flatMap((profile) =>
        scopes.flatMap(({ path }) =>
          path === null
            ? []
            : [
                published(
                  cls,
                  {
                    // Stryker disable next-line StringLiteral,OptionalChaining: `published` always gives the profile its system properties with a string __RELPATH
                    ConformantStandard: profile.systemProperties?.__RELPATH ?? '',
                    ManagedElement: path,
                  },
                  ['ConformantStandard', 'ManagedElement'],
                  source.server,
                ),
              ],
        ),
      );
    }
    default:
      return [];
  }
}
