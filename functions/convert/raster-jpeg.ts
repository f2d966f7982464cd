import { commonJsExports } from '../shared/common-js';
import { JPEG_QUALITY } from './image-limits';
import { flattenOnWhite, type Raster } from './raster';

/** Encodes a photo as a baseline JPEG at `JPEG_QUALITY`, full resolution, transparency on white. */
export async function rasterJpeg(raster: Raster): Promise<Buffer> {
  const { encode } = commonJsExports<typeof import('jpeg-js')>(await import('jpeg-js'));
  flattenOnWhite(raster.rgba);
  return encode({ data: raster.rgba, width: raster.width, height: raster.height }, JPEG_QUALITY).data;
}
