import { findJpegProblem } from '../../functions/documents/jpeg-check';
import { noiseJpeg } from '../support/sample-images';

describe('checking a JPEG before upload', () => {
  it('passes a sound JPEG, also with a trailer after its end-of-image marker', () => {
    const jpeg = noiseJpeg(64, 48);

    expect(findJpegProblem(jpeg)).toBeUndefined();
    expect(findJpegProblem(Buffer.concat([jpeg, Buffer.from('trailer')]))).toBeUndefined();
  });

  it('finds a photo cut off in transfer', () => {
    const jpeg = noiseJpeg(64, 48);

    expect(findJpegProblem(jpeg.subarray(0, jpeg.length - 200))).toBe(
      'truncated JPEG (no end-of-image marker)',
    );
  });

  it('finds a JPEG that ends inside its headers', () => {
    expect(findJpegProblem(noiseJpeg(64, 48).subarray(0, 100))).toBe(
      'truncated JPEG (it ends before the image data)',
    );
  });

  it('finds broken header segments', () => {
    const jpeg = Buffer.from(noiseJpeg(64, 48));
    jpeg[2] = 0x00;

    expect(findJpegProblem(jpeg)).toBe('corrupt JPEG (its header segments are broken)');
  });
});
