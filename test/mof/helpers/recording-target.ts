/**
 * @module A `MofTarget` that records every put, tracks how many are in flight, and can be told
 * to fail one.
 */
import type { CimClass } from '../../../src/model/cim-class.js';
import type { CimInstance } from '../../../src/model/cim-instance.js';
import type { QualifierDeclaration } from '../../../src/model/qualifier-declaration.js';
import type { MofTarget } from '../../../src/mof/apply-mof.js';

export interface RecordedPut {
  readonly kind: 'qualifier' | 'class' | 'instance';
  readonly namespace: string;
  readonly name: string;
  readonly flags: number;
}

export interface RecordingTarget extends MofTarget {
  readonly puts: RecordedPut[];
  /** Puts started (not only finished), in start order. */
  readonly started: string[];
  maxInFlight: number;
}

/** `fail(name)` returns the error to reject that put with, or undefined to accept it. */
export function recordingTarget(
  fail: (name: string) => Error | undefined = () => undefined,
  delayMs = 1,
): RecordingTarget {
  let inFlight = 0;
  const target: RecordingTarget = {
    puts: [],
    started: [],
    maxInFlight: 0,
    putQualifierDeclaration: (namespace: string, declaration: QualifierDeclaration) =>
      record({ kind: 'qualifier', namespace, name: declaration.name, flags: 0 }),
    putClass: (namespace: string, cls: CimClass, flags: number) =>
      record({ kind: 'class', namespace, name: cls.name, flags }),
    putInstance: (namespace: string, instance: CimInstance, flags: number) =>
      record({ kind: 'instance', namespace, name: instance.className, flags }),
  };
  async function record(put: RecordedPut): Promise<void> {
    target.started.push(put.name);
    inFlight++;
    target.maxInFlight = Math.max(target.maxInFlight, inFlight);
    await new Promise((resolve) => setTimeout(resolve, delayMs));
    inFlight--;
    const error = fail(put.name);
    if (error !== undefined) throw error;
    target.puts.push(put);
  }
  return target;
}
