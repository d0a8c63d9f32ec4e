/**
 * @module Namespace access rights (`WBEM_SECURITY_FLAGS` in `wbemcli.h`, plus the two standard
 * rights MS-WMI §5.2 checks on the namespace security descriptor).
 */

export const WBEM_ENABLE = 0x1;
export const WBEM_METHOD_EXECUTE = 0x2;
export const WBEM_FULL_WRITE_REP = 0x4;
export const WBEM_PARTIAL_WRITE_REP = 0x8;
export const WBEM_WRITE_PROVIDER = 0x10;
export const WBEM_REMOTE_ACCESS = 0x20;
export const WBEM_RIGHT_SUBSCRIBE = 0x40;
export const WBEM_RIGHT_PUBLISH = 0x80;
export const READ_CONTROL = 0x20000;
export const WRITE_DAC = 0x40000;
