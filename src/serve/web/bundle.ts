/**
 * Build step (`npm run build` runs it after tsc): bundles the browser code of the pages into
 * dist/web, so the server hands out one file per page and fetches nothing at run time.
 */
import path from 'node:path';
import { build } from 'esbuild';
import { packageRoot } from '../../util/paths.js';

const root = packageRoot();
await build({
  entryPoints: {
    'run-page': path.join(root, 'src/serve/web/run-page.ts'),
    'board-page': path.join(root, 'src/serve/web/board-page.ts'),
  },
  outdir: path.join(root, 'dist/web'),
  bundle: true,
  minify: true,
  format: 'esm',
  target: 'es2020',
  logLevel: 'warning',
});
