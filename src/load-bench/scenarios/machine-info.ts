/**
 * @module The machine a report was measured on.
 */
import { arch, cpus, platform, totalmem } from 'node:os';
import type { MachineInfo } from '../report/load-report.js';

export function machineInfo(): MachineInfo {
  const list = cpus();
  return {
    cpus: list.length,
    cpuModel: list[0]?.model ?? 'unknown',
    node: process.version,
    platform: platform(),
    arch: arch(),
    totalMemoryMb: Math.round(totalmem() / (1024 * 1024)),
  };
}
