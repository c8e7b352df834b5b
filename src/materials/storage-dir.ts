/**
 * Materials in a directory (MATERIALS_STORAGE=dir, the default): DATA_DIR/materials/<key>. A file is
 * written beside its final name and renamed into place, so a reader never sees half a file and a
 * crash leaves at most a stray temporary file.
 */
import { createReadStream } from 'node:fs';
import { mkdir, rename, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import { assertSafeKey, type MaterialStorage } from './storage.js';

export function directoryStorage(root: string): MaterialStorage {
  return {
    kind: 'dir',
    async put(key, data) {
      assertSafeKey(key);
      const path = join(root, key);
      await mkdir(dirname(path), { recursive: true });
      const temporary = `${path}.${process.pid}.${Date.now()}.part`;
      await writeFile(temporary, data);
      await rename(temporary, path);
    },
    async get(key) {
      assertSafeKey(key);
      const path = join(root, key);
      let size: number;
      try {
        size = (await stat(path)).size;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw e;
      }
      return { size, body: Readable.toWeb(createReadStream(path)) as ReadableStream<Uint8Array> };
    },
  };
}
