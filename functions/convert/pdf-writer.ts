/**
 * The project's one PDF writer: numbered objects, streams, the cross-reference table and the
 * trailer. Used for raster pages (`raster-pdf.ts`), text pages (`local/text-pdf.ts`, the local
 * sample invoice) and the benchmark's scans (`scripts/bench/scanned-pdf.ts`).
 *
 * Written by hand rather than with pdf-lib (a devDependency, used by tests to read PDFs back):
 * these files need nothing but objects and offsets, which take about 60 lines, while pdf-lib
 * would add about 0.5 MB minified (plus pako and its standard-font metrics) to an ingest bundle
 * that is meant to stay at or under 2.0 MB, and would re-serialise what we hand it: here a Group 4
 * page's bytes go into the file exactly as the TIFF coded them, and the same pages always give the
 * same bytes (and so the same hash for the ledger).
 */

/** Numbered objects in order, with the byte offsets the cross-reference table needs (PDF 1.4). */
export class PdfWriter {
  private readonly chunks: Buffer[] = [Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n', 'latin1')];
  private readonly offsets: number[] = [];
  private readonly deferred = new Map<number, string>();
  /** Bytes written so far. */
  size = this.chunks[0]?.length ?? 0;

  /** Sets aside the first `count` object numbers for objects written by `set`. */
  reserve(count: number): void {
    for (let index = 0; index < count; index += 1) this.offsets.push(-1);
  }

  /** Fills a reserved object; it is written at the end. */
  set(number: number, dictionary: string): void {
    this.deferred.set(number, dictionary);
  }

  /** Appends an object (a dictionary, or a stream when `stream` is given) and returns its number. */
  add(dictionary: string, stream?: Buffer): number {
    this.offsets.push(this.size);
    const number = this.offsets.length;
    if (stream === undefined) this.push(Buffer.from(`${number} 0 obj\n${dictionary}\nendobj\n`, 'latin1'));
    else {
      this.push(
        Buffer.from(`${number} 0 obj\n${dictionary} /Length ${stream.length} >>\nstream\n`, 'latin1'),
      );
      this.push(stream);
      this.push(Buffer.from('\nendstream\nendobj\n', 'latin1'));
    }
    return number;
  }

  /** Writes the reserved objects, the cross-reference table and the trailer; returns the file. */
  finish(root: number): Buffer {
    for (const [number, dictionary] of this.deferred) {
      this.offsets[number - 1] = this.size;
      this.push(Buffer.from(`${number} 0 obj\n${dictionary}\nendobj\n`, 'latin1'));
    }
    const xref = this.size;
    const entries = this.offsets.map((offset) => `${String(offset).padStart(10, '0')} 00000 n \n`).join('');
    this.push(
      Buffer.from(
        `xref\n0 ${this.offsets.length + 1}\n0000000000 65535 f \n${entries}` +
          `trailer\n<< /Size ${this.offsets.length + 1} /Root ${root} 0 R >>\nstartxref\n${xref}\n%%EOF\n`,
        'latin1',
      ),
    );
    return Buffer.concat(this.chunks, this.size);
  }

  private push(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.size += chunk.length;
  }
}
