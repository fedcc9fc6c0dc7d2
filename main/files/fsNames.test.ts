import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore } from '../core';
import { decodeFsName, encodeFsName } from './fsNames';
import { TraceIndex } from '../index/traceIndex';
import { walkTree } from '../index/walk';

describe('file names that are not UTF-8', () => {
  it('decode to a string that gives the same bytes back, whatever the bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40 }), (bytes) => {
        const name = decodeFsName(bytes);
        const back = encodeFsName(name);
        expect(Buffer.from(typeof back === 'string' ? Buffer.from(back, 'utf8') : back).equals(Buffer.from(bytes))).toBe(true);
      }),
      { numRuns: 5000 },
    );
  });

  it('leave valid UTF-8 exactly as Node decodes it', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 20 }), (text) => {
        expect(decodeFsName(Buffer.from(text, 'utf8'))).toBe(text);
        expect(encodeFsName(text)).toBe(text);
      }),
    );
  });

  describe('in a run', () => {
    let dir: string;
    let index: TraceIndex;
    const latin1 = Buffer.from('caf\xe9.txt', 'latin1');
    const badRecord = Buffer.concat([Buffer.from('I0_S01_op_DoCoder_result'), Buffer.from([0xff]), Buffer.from('.txt')]);
    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), 'tracelens-names-'));
      await mkdir(join(dir, 'op'));
      await writeFile(Buffer.concat([Buffer.from(`${dir}/op/`), latin1]), 'one\n');
      await writeFile(Buffer.concat([Buffer.from(`${dir}/op/`), badRecord]), 'two\n');
      await mkdir(Buffer.concat([Buffer.from(`${dir}/`), Buffer.from([0x64, 0xe9, 0x6a])]));
      await writeFile(Buffer.concat([Buffer.from(`${dir}/`), Buffer.from([0x64, 0xe9, 0x6a]), Buffer.from('/inner.txt')]), 'three\n');
      index = await TraceIndex.open(dir, { watch: false });
    });
    afterAll(async () => {
      await index.close();
      await rm(dir, { recursive: true, force: true });
    });

    it('are listed, each under a name of its own, and read by that name', async () => {
      const core = createCore(index);
      const paths = index.paths().sort();
      expect(paths).toEqual(['d\udce9j/inner.txt', 'op/I0_S01_op_DoCoder_result\udcff.txt', 'op/caf\udce9.txt'].sort());
      const texts = await Promise.all(paths.map(async (path) => core.call('file.read', { path })));
      expect(texts.map((result) => (result.ok ? (result.value as { text: string }).text : result.error.message)).sort()).toEqual(['one\n', 'three\n', 'two\n']);
      // The walk on this thread (new folders are read so) names them the same.
      expect((await walkTree(dir)).files.sort()).toEqual(paths);
      // Over JSON (the WebSocket, the CLI) the escaped bytes survive.
      expect(JSON.parse(JSON.stringify(paths))).toEqual(paths);
      const search = await core.call('search.run', { text: 'three', isRegex: false, isCaseSensitive: false });
      expect(search).toMatchObject({ ok: true, value: { hits: [{ path: 'd\udce9j/inner.txt' }] } });
    });
  });
});
