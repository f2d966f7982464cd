import { installLazySourceMaps } from './lazy-source-maps';

// The first import of every Lambda entry (functions/*/handler): esbuild keeps imports in order, so
// this runs before any other module of the bundle, and errors thrown while they load are mapped
// too. In the bundle `__filename` is the bundle itself (CommonJS); under tsx and Jest it is this
// source file, with no map beside it, and nothing is installed.
if (typeof __filename === 'string') installLazySourceMaps(__filename);
