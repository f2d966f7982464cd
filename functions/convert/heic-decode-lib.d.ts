// heic-decode types its entry only; its `lib.js` builds the same decoder over a libheif we start.
declare module 'heic-decode/lib.js' {
  function overLibheif(libheif: unknown): unknown;
  export = overLibheif;
}
