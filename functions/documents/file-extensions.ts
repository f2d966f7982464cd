import type { DetectedType, UploadType } from './document';

/** Extensions each detected type is commonly saved with, the preferred one first. */
const EXTENSIONS: Readonly<Record<DetectedType, readonly string[]>> = {
  pdf: ['.pdf'],
  jpeg: ['.jpg', '.jpeg', '.jpe', '.jfif'],
  'invoice-xml': ['.xml'],
  xml: ['.xml'],
  png: ['.png'],
  gif: ['.gif'],
  bmp: ['.bmp', '.dib'],
  webp: ['.webp'],
  tiff: ['.tif', '.tiff'],
  heic: ['.heic', '.heif'],
  // Office documents (.docx, .xlsx, ...) are zip files too.
  zip: ['.zip'],
  'ms-tnef': ['.dat', '.tnef'],
  'ms-msg': ['.msg'],
  message: ['.eml'],
  calendar: ['.ics', '.ical', '.ifb'],
  vcard: ['.vcf', '.vcard'],
  signature: ['.p7s'],
  'signed-data': ['.p7m'],
  'encrypted-data': ['.p7m'],
  html: ['.html', '.htm'],
  text: ['.txt'],
  unknown: ['.bin'],
};

/** Formats Clearfacts reads by extension as well as by content, so the extension must match. */
const EXTENSION_MUST_MATCH: ReadonlySet<DetectedType> = new Set<UploadType>(['pdf', 'jpeg', 'invoice-xml']);

/** The extension (with its dot) a file of this type is best saved with. */
export function preferredExtension(type: DetectedType): string {
  return EXTENSIONS[type][0] ?? '.bin';
}

/**
 * The extension to append to a name so it fits the detected type, or '' when it fits already.
 * Uploads must end in their own extension (a PDF named `scan.jpg` becomes `scan.jpg.pdf`);
 * other files only get one when they have none, so `report.xlsx` does not become `report.xlsx.zip`.
 */
export function missingExtension(currentExtension: string, type: DetectedType): string {
  if (!EXTENSION_MUST_MATCH.has(type) && currentExtension !== '') return '';
  return EXTENSIONS[type].includes(currentExtension.toLowerCase()) ? '' : preferredExtension(type);
}
