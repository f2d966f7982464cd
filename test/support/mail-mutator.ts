/**
 * A seeded, deterministic mutator of raw messages for the fuzz test: the same seed gives the same
 * messages, so a finding can be replayed from its seed and index alone.
 */

/** mulberry32: a tiny fast PRNG, plenty for choosing mutations. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** One way to damage a message. */
interface Mutation {
  readonly name: string;
  apply(raw: Buffer, random: () => number): Buffer;
}

const pick = <T>(items: readonly T[], random: () => number): T =>
  items[Math.floor(random() * items.length)] as T;
const between = (low: number, high: number, random: () => number): number =>
  low + Math.floor(random() * (high - low + 1));

/** Start offsets of the lines that begin with `prefix`. */
function lineStarts(raw: Buffer, prefix: string): number[] {
  const starts: number[] = [];
  const text = raw.toString('latin1');
  if (text.startsWith(prefix)) starts.push(0);
  for (let at = text.indexOf(`\n${prefix}`); at >= 0; at = text.indexOf(`\n${prefix}`, at + 1))
    starts.push(at + 1);
  return starts;
}

/** The line (with its line break) that starts at `start`. */
function lineAt(raw: Buffer, start: number): Buffer {
  const end = raw.indexOf(0x0a, start);
  return raw.subarray(start, end < 0 ? raw.length : end + 1);
}

function splice(raw: Buffer, at: number, remove: number, insert: Buffer | string): Buffer {
  return Buffer.concat([
    raw.subarray(0, at),
    Buffer.from(insert as string, 'latin1'),
    raw.subarray(at + remove),
  ]);
}

const MUTATIONS: readonly Mutation[] = [
  {
    name: 'truncate',
    apply: (raw, random) => raw.subarray(0, Math.floor(random() * raw.length)),
  },
  {
    name: 'flip bytes',
    apply: (raw, random) => {
      const copy = Buffer.from(raw);
      for (let n = between(1, 16, random); n > 0 && copy.length > 0; n -= 1) {
        const at = Math.floor(random() * copy.length);
        copy[at] = (copy[at] as number) ^ between(1, 255, random);
      }
      return copy;
    },
  },
  {
    name: 'duplicate a boundary line',
    apply: (raw, random) => {
      const starts = lineStarts(raw, '--');
      if (starts.length === 0) return raw;
      const start = pick(starts, random);
      const line = lineAt(raw, start);
      return splice(raw, pick(starts, random), 0, Buffer.concat([line, line]).toString('latin1'));
    },
  },
  {
    name: 'delete a boundary line',
    apply: (raw, random) => {
      const starts = lineStarts(raw, '--');
      if (starts.length === 0) return raw;
      const start = pick(starts, random);
      return splice(raw, start, lineAt(raw, start).length, '');
    },
  },
  {
    name: 'huge header line',
    apply: (raw, random) => splice(raw, 0, 0, `X-Huge: ${'A'.repeat(between(1_000, 300_000, random))}\r\n`),
  },
  {
    name: 'thousands of headers',
    apply: (raw, random) =>
      splice(
        raw,
        0,
        0,
        Array.from({ length: between(100, 6_000, random) }, (_, i) => `X-H${i}: v\r\n`).join(''),
      ),
  },
  {
    name: 'folded forever',
    apply: (raw, random) =>
      splice(raw, 0, 0, `Subject: x${'\r\n y'.repeat(between(100, 20_000, random))}\r\n`),
  },
  {
    name: 'NUL bytes',
    apply: (raw, random) => {
      let out = raw;
      for (let n = between(1, 8, random); n > 0; n -= 1) {
        out = splice(out, Math.floor(random() * out.length), 0, '\0'.repeat(between(1, 64, random)));
      }
      return out;
    },
  },
  {
    name: 'bad base64',
    apply: (raw, random) => {
      const text = raw.toString('latin1');
      const at = text.indexOf('base64');
      if (at < 0) return raw;
      const copy = Buffer.from(raw);
      for (let n = between(1, 200, random); n > 0; n -= 1) {
        copy[between(at, copy.length - 1, random)] = pick([0x21, 0x3d, 0x2e, 0x00, 0x0a, 0x2d], random);
      }
      return copy;
    },
  },
  {
    name: 'change a boundary parameter',
    apply: (raw, random) => {
      const text = raw.toString('latin1');
      const at = text.search(/boundary=/i);
      if (at < 0) return raw;
      return splice(
        raw,
        at + 9,
        between(0, 12, random),
        pick(['"x"', '', '"', '""', '--', 'a'.repeat(2_000)], random),
      );
    },
  },
  {
    name: 'drop the blank line after the headers',
    apply: (raw) => {
      const at = raw.indexOf('\r\n\r\n');
      return at < 0 ? raw : splice(raw, at, 2, '');
    },
  },
  {
    name: 'absurd nesting',
    apply: (raw, random) => {
      let body = raw;
      for (let depth = between(2, 60, random); depth > 0; depth -= 1) {
        body = Buffer.concat([
          Buffer.from(`Content-Type: multipart/mixed; boundary="n${depth}"\r\n\r\n--n${depth}\r\n`),
          body,
          Buffer.from(`\r\n--n${depth}--\r\n`),
        ]);
      }
      return Buffer.concat([Buffer.from('From: nest@example.com\r\nMIME-Version: 1.0\r\n'), body]);
    },
  },
  {
    name: 'repeat a slice',
    apply: (raw, random) => {
      const start = Math.floor(random() * raw.length);
      const slice = raw.subarray(start, start + between(1, 4_096, random));
      return splice(
        raw,
        Math.floor(random() * raw.length),
        0,
        Buffer.concat(Array(between(2, 50, random)).fill(slice)).toString('latin1'),
      );
    },
  },
  {
    name: 'strange transfer encoding',
    apply: (raw, random) => {
      const text = raw.toString('latin1');
      const at = text.search(/Content-Transfer-Encoding:/i);
      if (at < 0) return raw;
      const end = text.indexOf('\n', at);
      const value = pick(['quoted-printable', 'x-uuencode', 'base64', '8bit', 'binary', 'bogus', ''], random);
      return splice(raw, at, (end < 0 ? text.length : end) - at, `Content-Transfer-Encoding: ${value}\r`);
    },
  },
  {
    name: 'nasty filename',
    apply: (raw, random) => {
      const text = raw.toString('latin1');
      const at = text.search(/filename=/i);
      if (at < 0) return raw;
      const nasty = pick(
        [
          '"../../etc/passwd"',
          '"..\\\\..\\\\boot.ini"',
          `"${'x'.repeat(10_000)}.pdf"`,
          '"invoice\u00e2\u0080\u00aefdp.exe"',
          '=?utf-8?B?Li4vLi4vZXRjL3Bhc3N3ZA==?=',
          '"a\u0000b\u0007c.pdf"',
          "*=utf-8''%E2%80%AE%2E%2E%2Fx%00.pdf",
        ],
        random,
      );
      return splice(raw, at + 9, 0, `${nasty}; x=`);
    },
  },
  {
    name: 'duplicate the From header',
    apply: (raw) => splice(raw, 0, 0, 'From: evil@attacker.example\r\n'),
  },
];

/** One mutated message and what was done to it. */
export interface Mutant {
  readonly raw: Buffer;
  readonly mutations: readonly string[];
}

/** Mutates `raw` one to three times, with `random` choosing how. */
export function mutate(raw: Buffer, random: () => number): Mutant {
  let out = raw;
  const names: string[] = [];
  for (let n = between(1, 3, random); n > 0; n -= 1) {
    const mutation = pick(MUTATIONS, random);
    out = mutation.apply(out, random);
    names.push(mutation.name);
  }
  return { raw: out, mutations: names };
}
