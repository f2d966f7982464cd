import type { DetectedType } from '../documents/document';
import { imageGeometry } from '../documents/image-geometry';
import { tiffPages } from '../documents/tiff-pages';
import { ConversionError } from './conversion-error';
import { MAX_IMAGE_PAGES, MAX_IMAGE_PIXELS } from './image-limits';

/**
 * Decoded pixels per message, summed over every image and page converted. Conversion runs at about
 * 15 MP/s on the 2 GB function (twelve 49 MP PNGs took 40 s), so 100 MP is about 7 s of the
 * 5-minute timeout: 11 colour A4 pages at 300 dpi, or 26 grey fax pages at 200 dpi decoded. Group 4
 * pages copied into the PDF as they are decode nothing and do not count; longer scans come as PDF.
 */
export const MAX_MESSAGE_PIXELS = 100_000_000;

/**
 * Converter wall time per message. A backstop for what pixel counts cannot foresee (a decoder slow
 * on one coding): a minute leaves four of the five for uploads, the report and the reply.
 */
export const MAX_CONVERTER_MS_PER_MESSAGE = 60_000;

/** TIFF compression 4 (CCITT T.6): pages usually copied into the PDF coded, not decoded. */
const GROUP_4 = 4;

/** The limits one message's conversions run under; tests may pass smaller ones. */
export interface WorkLimits {
  readonly pixelsPerImage: number;
  readonly pixelsPerMessage: number;
  readonly pagesPerTiff: number;
  readonly converterMsPerMessage: number;
}

/** The budgets above, as used in production. */
export const WORK_LIMITS: WorkLimits = {
  pixelsPerImage: MAX_IMAGE_PIXELS,
  pixelsPerMessage: MAX_MESSAGE_PIXELS,
  pagesPerTiff: MAX_IMAGE_PAGES,
  converterMsPerMessage: MAX_CONVERTER_MS_PER_MESSAGE,
};

/** What one message's conversions used, for the report. */
export interface WorkUsage {
  /** Images admitted for conversion. */
  readonly images: number;
  /** Pixels they declare that are decoded (Group 4 pages copied as coded are not). */
  readonly pixels: number;
}

/** An image refused because converting it would exceed a budget: permanent, the reason names the budget. */
export class BudgetExceededError extends ConversionError {
  constructor(
    message: string,
    readonly budget: string,
  ) {
    super(message);
    this.name = 'BudgetExceededError';
  }
}

/**
 * One message's conversion budget. `admit` reads an image's declared pages from its header and
 * refuses it before any pixel is decoded; `beforePage` runs before each page is decoded and stops
 * once the converter's time is spent; `timeLeft`, when given, is the invocation's deadline guard.
 */
export class WorkBudget {
  private pixels = 0;
  private images = 0;
  private spentMs = 0;
  private runningSince: number | undefined;

  constructor(
    private readonly limits: WorkLimits = WORK_LIMITS,
    private readonly clock: () => number = () => performance.now(),
    private readonly deadline?: DeadlineGuard,
  ) {}

  /** Checks an image against every budget from its header, and reserves its pixels. */
  admit(type: DetectedType, content: Buffer): void {
    this.checkTime();
    const pages = declaredPages(type, content);
    if (type === 'tiff' && pages.length > this.limits.pagesPerTiff) {
      throw new BudgetExceededError(
        `it has ${pages.length} pages, over the budget of ${this.limits.pagesPerTiff} pages per TIFF`,
        'pages per TIFF',
      );
    }
    let decoded = 0;
    for (const page of pages) {
      const pixels = page.width * page.height;
      if (pixels > this.limits.pixelsPerImage) {
        throw new BudgetExceededError(
          `it is ${page.width} × ${page.height} pixels, over the budget of ${megapixels(this.limits.pixelsPerImage)} per image`,
          'pixels per image',
        );
      }
      if (page.compression !== GROUP_4) decoded += pixels;
    }
    if (this.pixels + decoded > this.limits.pixelsPerMessage) {
      throw new BudgetExceededError(
        `decoding its ${megapixels(decoded)} would exceed the budget of ${megapixels(this.limits.pixelsPerMessage)} decoded per message (${megapixels(this.pixels)} already used)`,
        'pixels per message',
      );
    }
    this.pixels += decoded;
    this.images += 1;
  }

  /** Before decoding the next page: stops when the converter's time, or the invocation's, is spent. */
  beforePage(): void {
    this.checkTime();
  }

  /** Runs one conversion on the converter's clock. */
  async run<T>(convert: () => Promise<T>): Promise<T> {
    this.runningSince = this.clock();
    try {
      return await convert();
    } finally {
      this.spentMs += this.clock() - this.runningSince;
      this.runningSince = undefined;
    }
  }

  /** What was used so far. */
  get usage(): WorkUsage {
    return { images: this.images, pixels: this.pixels };
  }

  private checkTime(): void {
    const running = this.runningSince === undefined ? 0 : this.clock() - this.runningSince;
    if (this.spentMs + running >= this.limits.converterMsPerMessage) {
      throw new BudgetExceededError(
        `the budget of ${this.limits.converterMsPerMessage / 1000} s of conversion per message was spent on earlier images`,
        'converter time per message',
      );
    }
    this.deadline?.check('converting it');
  }
}

/** Stops work that would run past the invocation's deadline (see functions/ingest/deadline.ts). */
export interface DeadlineGuard {
  /** Throws `DeadlineError` when too little time is left to do `what` and still report. */
  check(what: string): void;
}

/** The pages an image declares, from its header; one page for every format but TIFF. */
function declaredPages(
  type: DetectedType,
  content: Buffer,
): { readonly width: number; readonly height: number; readonly compression?: number }[] {
  if (type === 'tiff') return tiffPages(content);
  const geometry = imageGeometry(type, content);
  return geometry === undefined ? [] : [geometry];
}

function megapixels(pixels: number): string {
  return `${Math.round(pixels / 100_000) / 10} megapixels`;
}
