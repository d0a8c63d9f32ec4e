/**
 * @module How whatever a provider throws becomes an HRESULT (the sandbox side of the wire).
 */
import { WBEM_E_PROVIDER_FAILURE } from '../wbem/status.js';

export interface ProviderFailure {
  readonly hresult: number;
  readonly message: string;
}

const isFailureCode = (value: number): boolean =>
  Number.isInteger(value) &&
  value >= -0x80000000 &&
  value <= 0xffffffff &&
  value >>> 0 >= 0x80000000;

/**
 * A thrown `WbemError` (or any object with a numeric failure `hresult`, so a provider bundling its
 * own copy of the class works too) keeps its HRESULT; a thrown failure HRESULT number is taken as
 * is; anything else, including a thrown success code, is `WBEM_E_PROVIDER_FAILURE`.
 */
export function providerFailure(thrown: unknown, provider: string): ProviderFailure {
  if (typeof thrown === 'number' && isFailureCode(thrown))
    return { hresult: thrown >>> 0, message: `provider ${provider} failed` };
  if (typeof thrown === 'object' && thrown !== null) {
    const record = thrown as Record<string, unknown>;
    const hresult = record['hresult'];
    const detail = typeof record['detail'] === 'string' ? record['detail'] : record['message'];
    const text = typeof detail === 'string' ? detail : 'no message';
    if (typeof hresult === 'number' && isFailureCode(hresult))
      return { hresult: hresult >>> 0, message: `provider ${provider}: ${text}` };
    return { hresult: WBEM_E_PROVIDER_FAILURE, message: `provider ${provider} threw: ${text}` };
  }
  return {
    hresult: WBEM_E_PROVIDER_FAILURE,
    message: `provider ${provider} threw ${String(thrown)}`,
  };
}
