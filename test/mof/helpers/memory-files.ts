/**
 * @module An in-memory file set for `compileMof`'s `readFile` callback.
 */
import { compileMof, type MofCompileOptions } from '../../../src/mof/compile.js';
import type { MofCompilation } from '../../../src/mof/mof-operation.js';

export function memoryReader(files: Readonly<Record<string, string>>): (path: string) => string {
  return (path) => {
    const text = files[path];
    if (text === undefined) throw new Error(`ENOENT: ${path}`);
    return text;
  };
}

/** Compiles `main.mof` out of `files`. */
export function compileFiles(
  files: Readonly<Record<string, string>>,
  options: Omit<MofCompileOptions, 'readFile'> = {},
): MofCompilation {
  return compileMof(['main.mof'], { ...options, readFile: memoryReader(files) });
}

/** Compiles one MOF text. */
export function compileText(
  text: string,
  options: Omit<MofCompileOptions, 'readFile'> = {},
): MofCompilation {
  return compileFiles({ 'main.mof': text }, options);
}
