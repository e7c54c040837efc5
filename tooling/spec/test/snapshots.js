// @ts-check
import { fileURLToPath } from 'node:url';

/** The Frame.io spec snapshots beside the project (third-party data, never copied into the repo). */
export const snapshotDir = fileURLToPath(new URL('../../../../shared/openapi/', import.meta.url));
export const snapshots = {
  early: `${snapshotDir}frameio-v4.2024-08-07.json`,
  weekLater: `${snapshotDir}frameio-v4.2024-08-14.json`,
  current: `${snapshotDir}frameio-v4.json`,
};
