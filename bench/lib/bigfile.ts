/** Grow a simulated node's guiDaemon.0 to a given size fast: ordinary log lines first, the real tail last. */
import { closeSync, openSync, readFileSync, writeFileSync, writeSync } from 'node:fs'

export function growLog(file: string, targetBytes: number): number {
  const original = readFileSync(file)
  const line = (i: number): string =>
    `[2026/11/20 03:${String(i % 60).padStart(2, '0')}:${String((i * 7) % 60).padStart(2, '0')}.${String(i % 1000).padStart(3, '0')}] [info] [deviceMgr] device ${1000 + (i % 500)} polled, config version ${i % 97}, status up, queue depth ${i % 13}\n`
  let block = ''
  for (let i = 0; block.length < 1024 * 1024; i++) block += line(i)
  const buf = Buffer.from(block)
  const fd = openSync(file, 'w')
  let written = 0
  try {
    while (written + buf.length <= targetBytes - original.length) {
      writeSync(fd, buf)
      written += buf.length
    }
    const rest = targetBytes - original.length - written
    if (rest > 0) {
      writeSync(fd, buf.subarray(0, rest - 1))
      writeSync(fd, '\n')
      written += rest
    }
    writeSync(fd, original)
    written += original.length
  } finally {
    closeSync(fd)
  }
  return written
}

export function restoreLog(file: string, content: Buffer): void {
  writeFileSync(file, content)
}
