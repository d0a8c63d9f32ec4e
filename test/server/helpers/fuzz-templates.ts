/**
 * @module Test helper: what the request fuzzer starts from. A small schema (keys, an association,
 * every CIM type, embedded objects, a method, instances) and the requests it mutates: every
 * captured pywbem and sblim-wbemcli request in `fixtures/cimxml-examples/`, plus requests for the
 * operations those clients were not captured calling, written as DSP0201 spells them.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { capturedRequest } from './captured-exchange.js';
import { CONTEXT, writtenRequests } from './fuzz-written-requests.js';

/** One request as a client would send it: the CIM headers and the body. */
export interface RequestTemplate {
  readonly label: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

const ACME = fileURLToPath(
  new URL('../../../../test/fixtures/mof/associations/acme.mof', import.meta.url),
);
const EXAMPLES = fileURLToPath(
  new URL('../../../../test/server/fixtures/cimxml-examples/', import.meta.url),
);

/** The schema loaded into `root/cimv2` before the campaign. */
export function fuzzSchemaMof(): string {
  return `Qualifier Fuzz_Level : uint32 = 1, Scope(class, property), Flavor(DisableOverride, ToSubclass);
${readFileSync(ACME, 'utf8')}
[Description("Reference seed")]
class REF_Seed { [Key] string Id; uint32 Count = 7; };
class REF_Base { [Key] string InstanceID; uint32 Count = 7; string Tags[]; uint32 Reset([in] boolean Force); };
class REF_Sub : REF_Base { datetime Extra; };
class PyW_EmbMof { [Key] string Id; Acme_Host W; object WO; };
class PyW_EmbMof3 { [Key] string Id; uint32 M([in] Acme_Host P, [out] object Q); };
[Description("Every CIM type")]
class Fuzz_AllTypes
{
  [Key] string Id;
  boolean B; uint8 U8; sint8 S8; uint16 U16; sint16 S16; uint32 U32; sint32 S32;
  uint64 U64; sint64 S64; real32 R32; real64 R64; char16 C; datetime D; string S;
  string SA[]; uint8 U8A[]; datetime DA[]; boolean BA[];
  Acme_Host EmbI; object EmbO;
  [EmbeddedInstance("Acme_Host")] string DmtfEmb; [EmbeddedObject] string DmtfObj[];
  Acme_Disk REF DiskRef;
  uint32 Reset([in] boolean Force, [in] Acme_Host Target, [out] string Note);
};
[Fuzz_Level(2)]
class Fuzz_Keys { [Key] uint32 N; [Key] boolean F; [Key] sint64 Big; [Key] string S; };
instance of REF_Seed { Id = "s"; };
instance of Fuzz_Keys { N = 1; F = true; Big = -5; S = "k"; };
instance of Fuzz_AllTypes { Id = "a1"; U32 = 7; S = "x"; SA = {"p", "q"}; };
`;
}

/** Every template: the captured requests first, then the written ones. */
export function requestTemplates(): RequestTemplate[] {
  const captured = readdirSync(EXAMPLES)
    .filter((f) => f.endsWith('.txt'))
    .sort()
    .map((file) => {
      const { headers, body } = capturedRequest(file);
      const withContext = body.replace(
        /(<IPARAMVALUE NAME="EnumerationContext"><VALUE>)[^<]*/,
        `$1${CONTEXT}`,
      );
      return { label: file, headers, body: withContext };
    });
  return [...captured, ...writtenRequests()];
}
