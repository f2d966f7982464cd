import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { StorageError } from '../shared/errors';
import {
  type FoundReport,
  inWindow,
  type RecentReports,
  type RecentReportsResult,
  type ReportQuery,
  readNewestReports,
} from './recent-reports';
import { DEFAULT_REPORTS_PREFIX } from './s3-report-store';

/** The suffix s3rver (the local S3) gives an object's bytes on disk. */
const S3RVER_OBJECT_SUFFIX = '._S3rver_object';

/**
 * The reports the local inbox wrote, read straight from the local S3's directory
 * (`<data dir>/s3/<bucket>/reports/<id>.json._S3rver_object`), so `status --local` works
 * whether `npm start` is running or not.
 */
export class LocalRecentReports implements RecentReports {
  readonly description: string;

  constructor(
    private readonly s3Directory: string,
    private readonly prefix = DEFAULT_REPORTS_PREFIX,
  ) {
    this.description = `${s3Directory}/*/${prefix}`;
  }

  async list(query: ReportQuery): Promise<RecentReportsResult> {
    const found: FoundReport[] = [];
    for (const bucket of await entries(this.s3Directory)) {
      const directory = join(this.s3Directory, bucket, ...this.prefix.split('/').filter(Boolean));
      for (const name of await entries(directory)) {
        if (!name.endsWith(`.json${S3RVER_OBJECT_SUFFIX}`)) continue;
        const path = join(directory, name);
        const modified = (await stat(path)).mtime;
        if (inWindow(modified, query))
          found.push({ location: path, modified, read: () => readFile(path, 'utf8') });
      }
    }
    return readNewestReports(found, query.limit);
  }
}

async function entries(directory: string): Promise<string[]> {
  try {
    return await readdir(directory);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new StorageError(`Cannot read ${directory}`, 'permanent', { cause: error });
  }
}
