import { existsSync, readFileSync } from 'node:fs';
import { SourceMap, type SourceMapPayload } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

/**
 * Stack traces of a bundled function mapped to the TypeScript sources, read from the source map
 * beside the bundle only when a stack is first formatted.
 *
 * Why by hand: Node's `--enable-source-maps` reads and parses the whole map as the bundle loads
 * (about 48 ms of every cold start for the 2 MB map, docs/performance.md), and decodes it (about
 * 0.4 s) at the first stack of any code, although the logs need a stack only when something
 * unexpected happens in the function's own code; `source-map-support` would put a dependency on
 * every cold start instead. Node ships what this needs:
 * - `Error.prepareStackTrace(error, callSites)` is called by V8 the first time `error.stack` is
 *   read, not when the error is made (https://v8.dev/docs/stack-trace-api#customizing-stack-traces);
 *   Node 20 and 22 set it to their default formatter, meant to be called from an override
 *   (https://nodejs.org/api/cli.html#--enable-source-maps, nodejs/node#50827).
 * - `module.SourceMap#findOrigin(line, column)` takes a call site's 1-indexed position and answers
 *   the original file (as the map names it), 1-indexed line and column, and the name of the range,
 *   or `{}` (https://nodejs.org/api/module.html#sourcemapfindoriginlinenumber-columnnumber).
 * Each error's stack is formatted on its own, so `cause`s and an AggregateError's `errors` (which
 * `util.inspect` prints with their own `.stack`) are mapped the same way.
 */

/** One frame as V8 hands it to `Error.prepareStackTrace` (its `toString()` is Node's usual text). */
type CallSite = NodeJS.CallSite;

/** What the hook knows about one bundle. */
export interface LazySourceMaps {
  /** The bundle whose frames are mapped. */
  readonly bundleFile: string;
  /** `<bundle>.map`, read on the first stack formatted. */
  readonly mapFile: string;
  /** Whether the map has been read (or tried): false until a stack is formatted. */
  mapRead(): boolean;
}

/** An original position, as `findOrigin` answers it. */
interface Origin {
  readonly name?: string;
  readonly fileName?: string;
  readonly lineNumber?: number;
  readonly columnNumber?: number;
}

/**
 * Sets `Error.prepareStackTrace` to map the frames of `bundleFile` through `<bundleFile>.map`,
 * read at the first stack formatted of an error from the bundle's code. Does nothing (undefined) when no map lies beside the file,
 * as under tsx and Jest, where `bundleFile` is a source file, or when Node maps stacks itself
 * (`--enable-source-maps`).
 */
export function installLazySourceMaps(bundleFile: string): LazySourceMaps | undefined {
  const mapFile = `${bundleFile}.map`;
  // A stat, not a read: the map itself waits for the first stack.
  if (process.sourceMapsEnabled || !existsSync(mapFile)) return undefined;
  const bundleUrl = pathToFileURL(bundleFile).href;
  // undefined: not read yet; null: read and unusable (or being read), so stacks stay unmapped.
  let map: SourceMap | null | undefined;
  const sourceMap = (): SourceMap | null => {
    if (map === undefined) {
      map = null;
      map = new SourceMap(JSON.parse(readFileSync(mapFile, 'utf8')) as SourceMapPayload);
    }
    return map;
  };
  const inBundle = (site: CallSite): boolean => {
    const file = site.getFileName();
    return file === bundleFile || file === bundleUrl;
  };
  const original = Error.prepareStackTrace;
  const fallback = (error: Error, sites: CallSite[]): unknown =>
    original === undefined ? defaultStack(error, sites) : original(error, sites);

  // Whether the stack is worth reading the map for: the error comes from the bundle's code (the
  // first frame with a file outside Node's own is in it), or the map is in memory already. Code
  // loaded from beside the bundle formats stacks for its own reasons: core-js in pdf.js reads one
  // as it loads, on a message's first PDF, and parsing the 2 MB map then cost about 0.4 s.
  const worthMapping = (sites: CallSite[]): boolean => {
    if (map !== undefined) return sites.some(inBundle);
    const origin = sites.find((site) => !(site.getFileName() ?? 'node:').startsWith('node:'));
    return origin !== undefined && inBundle(origin);
  };

  Error.prepareStackTrace = (error: Error, sites: CallSite[]): unknown => {
    try {
      const loaded = worthMapping(sites) ? sourceMap() : null;
      if (loaded === null) return fallback(error, sites);
      const frames = sites.map((site, index) =>
        inBundle(site) ? mappedFrame(loaded, mapFile, site, sites[index + 1]) : String(site),
      );
      return frames.length === 0 ? header(error) : `${header(error)}\n    at ${frames.join('\n    at ')}`;
    } catch {
      // A map that cannot be read or parsed, or an odd frame: the stack as Node would print it.
      try {
        return fallback(error, sites);
      } catch {
        return defaultStack(error, sites);
      }
    }
  };
  return { bundleFile, mapFile, mapRead: () => map !== undefined };
}

/** The first line of a stack, as V8 writes it. */
function header(error: Error): string {
  return Error.prototype.toString.call(error);
}

/** V8's own formatting, for when there is no formatter to hand on to. */
function defaultStack(error: Error, sites: CallSite[]): string {
  return sites.length === 0 ? header(error) : `${header(error)}\n    at ${sites.join('\n    at ')}`;
}

/**
 * A frame of the bundle with its original file, line and column, and the original function name
 * when the map has one (minified names otherwise); V8's text as it was where the map has no entry.
 */
function mappedFrame(map: SourceMap, mapFile: string, site: CallSite, caller: CallSite | undefined): string {
  const text = String(site);
  const line = site.getLineNumber();
  const column = site.getColumnNumber();
  if (line === null || column === null) return text;
  const origin: Origin = map.findOrigin(line, column);
  if (origin.fileName === undefined || origin.lineNumber === undefined || origin.columnNumber === undefined) {
    return text;
  }
  const location = `${sourcePath(map, mapFile, origin.fileName)}:${origin.lineNumber}:${origin.columnNumber}`;
  const name = originalName(map, site, caller);
  if (name !== undefined) {
    const prefix = `${site.isAsync() ? 'async ' : ''}${site.isConstructor() ? 'new ' : ''}`;
    return `${prefix}${name} (${location})`;
  }
  const generated = `${site.getFileName()}:${line}:${column}`;
  const at = text.lastIndexOf(generated);
  return at < 0 ? text : `${text.slice(0, at)}${location}${text.slice(at + generated.length)}`;
}

/**
 * The function's original name: the map's name at the start of the enclosing function, or else at
 * the place its caller (in the same bundle) called it, where a minifier renamed the callee.
 */
function originalName(map: SourceMap, site: CallSite, caller: CallSite | undefined): string | undefined {
  const enclosingLine = site.getEnclosingLineNumber();
  const enclosingColumn = site.getEnclosingColumnNumber();
  if (enclosingLine !== null && enclosingColumn !== null) {
    const enclosing: Origin = map.findOrigin(enclosingLine, enclosingColumn);
    if (enclosing.name !== undefined) return enclosing.name;
  }
  if (caller === undefined || caller.getFileName() !== site.getFileName()) return undefined;
  const callerLine = caller.getLineNumber();
  const callerColumn = caller.getColumnNumber();
  if (callerLine === null || callerColumn === null) return undefined;
  const call: Origin = map.findOrigin(callerLine, callerColumn);
  return call.name;
}

/** An original source as a path, resolved against the map's directory like Node does. */
function sourcePath(map: SourceMap, mapFile: string, source: string): string {
  const root = map.payload.sourceRoot ?? '';
  const url = new URL(`${root}${source}`, pathToFileURL(mapFile));
  return url.protocol === 'file:' ? fileURLToPath(url) : url.href;
}
