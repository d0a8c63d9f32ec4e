/**
 * @module The sandbox side: loads one provider module and runs the calls the host sends. It runs
 * in its own worker, so a provider that blocks its thread (a synchronous endless loop) blocks only
 * this sandbox, and the host can terminate it. Kept free of `worker_threads` (the entry file wires
 * it to `parentPort`) so it can be tested in-thread.
 */
import { pathToFileURL } from 'node:url';
import { WBEM_E_PROVIDER_FAILURE, WBEM_E_PROVIDER_NOT_CAPABLE } from '../wbem/status.js';
import { providerFailure } from './provider-error.js';
import type { ClassProvider, ProviderCapabilities } from './provider-module.js';
import { CAPABILITY_METHODS } from './provider-module.js';
import type { CallMessage, ProviderCall, SandboxMessage } from './provider-protocol.js';
import { CALL_CAPABILITY, isCallMessage, isCimClassShape } from './provider-protocol.js';

/** The two things the sandbox needs from its port. */
export interface SandboxEndpoint {
  postMessage(message: SandboxMessage): void;
  onMessage(listener: (message: unknown) => void): void;
}

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

async function run(
  endpoint: SandboxEndpoint,
  provider: ClassProvider,
  caps: ProviderCapabilities,
  message: CallMessage,
): Promise<void> {
  const { id, call } = message;
  if (!caps[CALL_CAPABILITY[call.kind]]) {
    endpoint.postMessage({
      kind: 'fail',
      id,
      hresult: WBEM_E_PROVIDER_NOT_CAPABLE,
      message: `provider ${provider.name} does not support ${call.kind}`,
    });
    return;
  }
  let result: unknown;
  try {
    result = await dispatch(provider, call);
  } catch (thrown) {
    endpoint.postMessage({ kind: 'fail', id, ...providerFailure(thrown, provider.name) });
    return;
  }
  try {
    endpoint.postMessage({ kind: 'ok', id, result });
  } catch (error) {
    // A result holding functions or other uncloneable data must not leave the call unanswered.
    endpoint.postMessage({
      kind: 'fail',
      id,
      hresult: WBEM_E_PROVIDER_FAILURE,
      message: `provider ${provider.name} returned data that cannot cross threads: ${String(error)}`,
    });
  }
}

/** Loads the module, reports `ready` or `load-failed`, then serves calls until the worker ends. */
export async function runProviderSandbox(endpoint: SandboxEndpoint, module: string): Promise<void> {
  let loaded: unknown;
  try {
    loaded = await import(importSpecifier(module));
  } catch (error) {
    endpoint.postMessage({
      kind: 'load-failed',
      message: `cannot import ${module}: ${error instanceof Error ? error.message : String(error)}`,
    });
    return;
  }
  const provider = checkProviderExport(loaded);
  if (typeof provider === 'string') {
    endpoint.postMessage({ kind: 'load-failed', message: `${module}: ${provider}` });
    return;
  }
  const caps = capabilitiesOf(provider);
  endpoint.onMessage((message) => {
    if (isCallMessage(message)) void run(endpoint, provider, caps, message);
  });
  endpoint.postMessage({ kind: 'ready', name: provider.name, capabilities: caps });
}
