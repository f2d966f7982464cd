/**
 * Limits on what a message's containers (ZIP archives, winmail.dat, .msg) may unpack to.
 * They are checked against what the archive declares before anything is inflated, and again
 * while inflating, since a crafted archive can declare one size and hold another.
 */

/**
 * Files all containers of one message may hold together, folders and junk included. A month
 * of invoices is tens of files; a thousand bounds the work and the report's length.
 */
export const MAX_UNPACKED_FILES = 1000;

/**
 * Bytes all containers of one message may unpack to together. A message is at most 40 MB
 * (SES) and holds PDFs and images that barely compress, so real archives unpack to less than
 * 100 MB; a bomb stops here long before it exhausts the function's memory.
 */
export const MAX_UNPACKED_BYTES = 100 * 1024 * 1024;

/**
 * Highest uncompressed-to-compressed ratio of one archive entry. PDFs and images compress
 * less than 2:1 and XML about 10:1; bombs reach 1000:1 and more. 100 is the default of
 * Apache POI's zip bomb guard (`ZipSecureFile`), which reads office files from the wild.
 */
export const MAX_COMPRESSION_RATIO = 100;

/** Entries smaller than this are not held to the ratio: a tiny file cannot bomb, and blank ones compress well. */
export const RATIO_EXEMPT_BYTES = 1024 * 1024;

/**
 * ZIP archives are opened this many levels deep (a ZIP in a ZIP in a ZIP). People do not pack
 * invoices deeper; recursive bombs (42.zip) do.
 */
export const MAX_ARCHIVE_DEPTH = 3;
