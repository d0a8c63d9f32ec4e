/**
 * @module msgpackr's native string reader for this thread, when the build left it out.
 *
 * msgpackr's Node entry loads its native string extractor (`msgpackr-extract`) as it starts, so
 * for the compiled modules and the host worker's bundle that is done and `loadNativeStrings` has
 * nothing to do. The command line's bundle takes msgpackr's plain build instead: a one-shot
 * command decodes no wire bytes on its own thread and would pay the extractor's loading for
 * nothing (`workers/bundle.mjs`). There the build replaces this module by one that loads the
 * extractor when first called. A codec of the msgpack wire calls it, because its thread decodes
 * every reply its hosts send (`wbemrx serve`, `watch`, `bench`), and the extractor reads their
 * strings in one native call where msgpackr's JavaScript reads them one by one.
 */

/** Makes this thread's msgpackr read strings natively (a no-op where msgpackr already does). */
export function loadNativeStrings(): void {}
