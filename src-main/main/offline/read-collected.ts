/** Read a collected probe output from disk: bounded (never more than a probe sends), one-line reasons. */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs'
import { basename } from 'node:path'
import { errorLine } from '../../shared/error-line'
import { COLLECTED_MAX_BYTES, CollectedFileError, type CollectedFile } from './collected'

export function readCollectedFile(path: string): CollectedFile {
  const name = basename(path)
  let fd: number
  try {
    fd = openSync(path, 'r')
  } catch (err) {
    throw new CollectedFileError(`${name}: cannot be read (${errorLine(err)})`)
  }
  try {
    const st = fstatSync(fd)
    if (!st.isFile()) throw new CollectedFileError(`${name}: not a regular file`)
    // read at most one byte past the cap: a larger file is refused without being read whole
    const buf = Buffer.alloc(Math.min(st.size, COLLECTED_MAX_BYTES) + 1)
    let got = 0
    for (;;) {
      const n = readSync(fd, buf, got, buf.length - got, null)
      if (n <= 0) break
      got += n
      if (got >= buf.length) break
    }
    if (got > COLLECTED_MAX_BYTES)
      throw new CollectedFileError(`${name}: more than ${COLLECTED_MAX_BYTES} bytes, more than a probe sends: not a probe output`)
    return { name, bytes: buf.subarray(0, got) }
  } finally {
    closeSync(fd)
  }
}
