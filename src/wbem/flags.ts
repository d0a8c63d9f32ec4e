/**
 * @module `lFlags` bits of `IWbemServices` calls (`WBEM_GENERIC_FLAG_TYPE`, `WBEM_CHANGE_FLAG_TYPE`,
 * `WBEM_QUERY_FLAG_TYPE`, `WBEM_PROVIDER_FLAGS`), the sink status types and the call timeouts,
 * spelled and valued exactly as `wbemcli.h` / `wbemprov.h`.
 *
 * Several bits are shared between enumerations (0x20 is both `WBEM_FLAG_UPDATE_SAFE_MODE` and
 * `WBEM_FLAG_FORWARD_ONLY`): what a bit means depends on the call, so flags are parsed once per
 * call into typed intent (`schema/intent.ts`) and rules never see raw masks.
 */

// WBEM_GENERIC_FLAG_TYPE
export const WBEM_FLAG_RETURN_WBEM_COMPLETE = 0x0;
export const WBEM_FLAG_BIDIRECTIONAL = 0x0;
export const WBEM_FLAG_RETURN_IMMEDIATELY = 0x10;
export const WBEM_FLAG_FORWARD_ONLY = 0x20;
export const WBEM_FLAG_NO_ERROR_OBJECT = 0x40;
export const WBEM_FLAG_RETURN_ERROR_OBJECT = 0x0;
export const WBEM_FLAG_SEND_STATUS = 0x80;
export const WBEM_FLAG_DONT_SEND_STATUS = 0x0;
export const WBEM_FLAG_ENSURE_LOCATABLE = 0x100;
export const WBEM_FLAG_DIRECT_READ = 0x200;
export const WBEM_FLAG_SEND_ONLY_SELECTED = 0x0;
export const WBEM_FLAG_USE_AMENDED_QUALIFIERS = 0x20000;
export const WBEM_FLAG_STRONG_VALIDATION = 0x100000;
/** Reserved bits: clients must not set them, servers ignore them (MS-WMI WBEM_GENERIC_FLAG_TYPE). */
export const WBEM_MASK_RESERVED_FLAGS = 0x1f000;

// WBEM_CHANGE_FLAG_TYPE
export const WBEM_FLAG_CREATE_OR_UPDATE = 0x0;
export const WBEM_FLAG_UPDATE_ONLY = 0x1;
export const WBEM_FLAG_CREATE_ONLY = 0x2;
export const WBEM_MASK_CREATE_UPDATE = 0x3;
export const WBEM_FLAG_UPDATE_COMPATIBLE = 0x0;
export const WBEM_FLAG_UPDATE_SAFE_MODE = 0x20;
export const WBEM_FLAG_UPDATE_FORCE_MODE = 0x40;
export const WBEM_MASK_UPDATE_MODE = 0x60;
export const WBEM_FLAG_ADVISORY = 0x10000;

// WBEM_PROVIDER_FLAGS (wbemprov.h): same bit as WBEM_FLAG_ADVISORY, inside the reserved mask.
export const WBEM_FLAG_OWNER_UPDATE = 0x10000;

// WBEM_QUERY_FLAG_TYPE
export const WBEM_FLAG_DEEP = 0x0;
export const WBEM_FLAG_SHALLOW = 0x1;
export const WBEM_FLAG_PROTOTYPE = 0x2;

// WBEM_STATUS_TYPE: an enumeration, not bit flags.
export const WBEM_STATUS_COMPLETE = 0x0;
export const WBEM_STATUS_REQUIREMENTS = 0x1;
export const WBEM_STATUS_PROGRESS = 0x2;
export const WBEM_STATUS_LOGGING_INFORMATION = 0x100;

// WBEM_TIMEOUT_TYPE
export const WBEM_NO_WAIT = 0x0;
export const WBEM_INFINITE = 0xffffffff;

// WBEM_GENUS_TYPE
export const WBEM_GENUS_CLASS = 1;
export const WBEM_GENUS_INSTANCE = 2;

// WBEM_LIMITS
export const WBEM_MAX_IDENTIFIER = 0x1000;
export const WBEM_MAX_QUERY = 0x4000;
export const WBEM_MAX_PATH = 0x2000;
export const WBEM_MAX_OBJECT_NESTING = 64;
export const WBEM_MAX_USER_PROPERTIES = 1024;
