import { deflateSync } from 'node:zlib';
import { MAX_DOCUMENT_BYTES } from '../shared/limits';
import type { CcittPage } from './ccitt-page';
import { ConversionError } from './conversion-error';
import { PdfWriter } from './pdf-writer';
import { type Raster, toSamples } from './raster';

/** A4 in PDF points (1/72 inch): the page an image without a recorded resolution is fitted on. */
const A4_POINTS = { short: 595.28, long: 841.89 };

/** Recorded resolutions outside this range are placeholders (72 dpi "unknown") or nonsense. */
const PLAUSIBLE_DPI = { min: 96, max: 2400 };

/**
 * Writes a PDF with one page per raster, each image stored losslessly (Flate, the pixels as
 * they were decoded: no resampling, no lossy step; a Group 4 page in its own coding), so text
 * recognition sees every pixel of the scan. Pages are written one at a time and the rasters can be produced lazily, so only
 * one decoded page is held at once. The output depends only on the pixels: converting the
 * same file twice gives the same bytes, and so the same hash.
 */
export function rasterPdf(pages: Iterable<Raster | CcittPage>): Buffer {
  const writer = new PdfWriter();
  const pageRefs: number[] = [];
  // Objects 1 and 2 (catalog, page tree) are written last but numbered first.
  writer.reserve(2);
  for (const raster of pages) {
    const image = 'ccitt' in raster ? addCcittImage(writer, raster) : addRasterImage(writer, raster);
    const { width, height } = pageSize(raster);
    const drawing = Buffer.from(`q ${width} 0 0 ${height} 0 0 cm /Im0 Do Q`, 'latin1');
    const contents = writer.add('<<', drawing);
    pageRefs.push(
      writer.add(
        `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${width} ${height}] ` +
          `/Resources << /XObject << /Im0 ${image} 0 R >> >> /Contents ${contents} 0 R >>`,
      ),
    );
    if (writer.size > MAX_DOCUMENT_BYTES) {
      throw new ConversionError(
        `the PDF would be larger than the ${MAX_DOCUMENT_BYTES / (1024 * 1024)} MB Clearfacts accepts`,
      );
    }
  }
  if (pageRefs.length === 0) throw new ConversionError('it holds no image');
  const kids = pageRefs.map((ref) => `${ref} 0 R`).join(' ');
  writer.set(1, '<< /Type /Catalog /Pages 2 0 R >>');
  writer.set(2, `<< /Type /Pages /Kids [${kids}] /Count ${pageRefs.length} >>`);
  return writer.finish(1);
}

/** The pixels as they were decoded, compressed losslessly with Flate. */
function addRasterImage(writer: PdfWriter, raster: Raster): number {
  const samples = toSamples(raster);
  return writer.add(
    `<< /Type /XObject /Subtype /Image /Width ${raster.width} /Height ${raster.height} ` +
      `/ColorSpace /${samples.colorSpace} /BitsPerComponent ${samples.bitsPerComponent} /Filter /FlateDecode`,
    deflateSync(samples.data),
  );
}

/**
 * A Group 4 page as the TIFF coded it: `/K -1` is pure two-dimensional T.6 coding; with
 * `BlackIs1` left false, what the coding calls white is shown white (TIFF's WhiteIsZero, what fax
 * and scanners write), and `/Decode [1 0]` swaps that for a BlackIsZero page.
 */
function addCcittImage(writer: PdfWriter, page: CcittPage): number {
  return writer.add(
    `<< /Type /XObject /Subtype /Image /Width ${page.width} /Height ${page.height} ` +
      `/ColorSpace /DeviceGray /BitsPerComponent 1${page.inverted ? ' /Decode [1 0]' : ''} ` +
      `/Filter /CCITTFaxDecode /DecodeParms << /K -1 /Columns ${page.width} /Rows ${page.height} >>`,
    page.ccitt,
  );
}

/** The page in points: from the recorded resolution when plausible, else fitted on A4 in the image's orientation. */
function pageSize(raster: Raster | CcittPage): { width: string; height: string } {
  const { dpi } = raster;
  const plausible = (value: number): boolean => value >= PLAUSIBLE_DPI.min && value <= PLAUSIBLE_DPI.max;
  if (dpi !== undefined && plausible(dpi.x) && plausible(dpi.y)) {
    return { width: points((raster.width * 72) / dpi.x), height: points((raster.height * 72) / dpi.y) };
  }
  const landscape = raster.width > raster.height;
  const box = landscape ? [A4_POINTS.long, A4_POINTS.short] : [A4_POINTS.short, A4_POINTS.long];
  const scale = Math.min((box[0] ?? 0) / raster.width, (box[1] ?? 0) / raster.height);
  return { width: points(raster.width * scale), height: points(raster.height * scale) };
}

function points(value: number): string {
  return String(Math.round(value * 100) / 100);
}
