/**
 * @module The sandbox side: loads one provider module and runs the calls the host sends. It runs
 * in the provider's own process (`provider-child.ts` wires it to IPC), so a provider that blocks
 * (a synchronous endless loop), crashes or exits ends only that process. Kept free of process
 * wiring so it can be tested in-thread.
 */
import { pathToFileURL } from 'node:url';
import { serialize } from 'node:v8';
import {
  WBEM_E_PROVIDER_FAILURE,
  WBEM_E_PROVIDER_LOAD_FAILURE,
  WBEM_E_PROVIDER_NOT_CAPABLE,
} from '../wbem/status.js';
import { WbemError } from '../wbem/wbem-error.js';
import { providerFailure } from './provider-error.js';
import type { ClassProvider, ProviderCapabilities } from './provider-module.js';
import { CAPABILITY_METHODS } from './provider-module.js';
import type { ProviderCall, SandboxApi } from './provider-protocol.js';
import { CALL_CAPABILITY, isCimClassShape } from './provider-protocol.js';

/** `import()` needs a URL for absolute paths on every platform. */
export function importSpecifier(module: string): string {
  return module.startsWith('/') || /^[A-Za-z]:[\\/]/.test(module)
    ? pathToFileURL(module).href
    : module;
}

/**
 * Checks a module's default export against the `ClassProvider` contract.
 * @returns the provider, or a message saying what is wrong.
 */
export function checkProviderExport(moduleNamespace: unknown): ClassProvider | string {
  const exported = (moduleNamespace as { default?: unknown } | null)?.default;
  if (typeof exported !== 'object' || exported === null)
    return 'the module has no default export object';
  const provider = exported as Record<string, unknown>;
  if (typeof provider['name'] !== 'string' || provider['name'].length === 0)
    return 'the default export has no name';
  const caps = provider['capabilities'];
  if (typeof caps !== 'object' || caps === null) return 'the default export has no capabilities';
  for (const [capability, method] of Object.entries(CAPABILITY_METHODS)) {
    const flag = (caps as Record<string, unknown>)[capability];
    if (flag !== undefined && typeof flag !== 'boolean')
      return `capabilities.${capability} must be a boolean`;
    if (flag === true && typeof provider[method] !== 'function')
      return `capabilities.${capability} is true but ${method} is not a function`;
  }
  return exported as ClassProvider;
}

function capabilitiesOf(provider: ClassProvider): ProviderCapabilities {
  const caps = provider.capabilities as Partial<ProviderCapabilities>;
  return {
    supportsPut: caps.supportsPut === true,
    supportsDelete: caps.supportsDelete === true,
    supportsGet: caps.supportsGet === true,
    supportsEnumerate: caps.supportsEnumerate === true,
  };
}

async function dispatch(provider: ClassProvider, call: ProviderCall): Promise<unknown> {
  switch (call.kind) {
    case 'putClass':
      await provider.putClass?.(call.cls, call.flags, call.context, call.info);
      return undefined;
    case 'deleteClass':
      await provider.deleteClass?.(call.className, call.flags, call.context, call.info);
      return undefined;
    case 'getClass': {
      const found = await provider.getClass?.(call.className, call.flags, call.context, call.info);
      if (found === null || found === undefined) return null;
      if (!isCimClassShape(found))
        throw new TypeError('getClass returned something that is not a class');
      return found;
    }
    case 'enumerateClasses': {
      const list = await provider.enumerateClasses?.(
        call.superclass,
        call.deep,
        call.context,
        call.info,
      );
      if (!Array.isArray(list) || !list.every(isCimClassShape))
        throw new TypeError('enumerateClasses did not return an array of classes');
      return list;
    }
  }
}

const asWbemError = (thrown: unknown, name: string): WbemError => {
  const failure = providerFailure(thrown, name);
  return new WbemError(failure.hresult, { message: failure.message });
};

/**
 * The provider process's API for one module. The module is imported on the first `load()`; its
 * failures, and everything a call throws, come back as `WbemError` values.
 */
export function createSandboxApi(module: string): SandboxApi {
  let loading: Promise<{ provider: ClassProvider; caps: ProviderCapabilities } | WbemError>;
  const loadFailed = (message: string): WbemError =>
    new WbemError(WBEM_E_PROVIDER_LOAD_FAILURE, { message });
  const loadOnce = async (): Promise<
    { provider: ClassProvider; caps: ProviderCapabilities } | WbemError
  > => {
    let loaded: unknown;
    try {
      loaded = await import(importSpecifier(module));
    } catch (error) {
      return loadFailed(
        `cannot import ${module}: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    const provider = checkProviderExport(loaded);
    if (typeof provider === 'string') return loadFailed(`${module}: ${provider}`);
    return { provider, caps: capabilitiesOf(provider) };
  };
  const ensureLoaded = (): typeof loading => {
    loading ??= loadOnce();
    return loading;
  };
  return {
    async load() {
      const loaded = await ensureLoaded();
      if (loaded instanceof WbemError) return loaded;
      return { name: loaded.provider.name, capabilities: loaded.caps };
    },
    async call(call) {
      const loaded = await ensureLoaded();
      if (loaded instanceof WbemError) return loaded;
      const { provider, caps } = loaded;
      if (!caps[CALL_CAPABILITY[call.kind]])
        return new WbemError(WBEM_E_PROVIDER_NOT_CAPABLE, {
          message: `provider ${provider.name} does not support ${call.kind}`,
        });
      let result: unknown;
      try {
        result = await dispatch(provider, call);
      } catch (thrown) {
        return asWbemError(thrown, provider.name);
      }
      try {
        serialize(result);
      } catch (error) {
        // Checked here so such a result fails its call instead of leaving it unanswered.
        return new WbemError(WBEM_E_PROVIDER_FAILURE, {
          message: `provider ${provider.name} returned data that cannot cross to the engine: ${String(error)}`,
        });
      }
      return result;
    },
  };
}
