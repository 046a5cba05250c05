/** Start sim-child.ts (as `nobody` when we are root) and talk to it. */
import { spawn, type ChildProcess } from 'node:child_process'
import { chownSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import type { SimNodeInfo } from '../../../src-main/simulator/index'
import type { ScenarioName } from '../../../src-main/shared/domain/scenario'

export interface SimProc {
  primary: SimNodeInfo
  secondary: SimNodeInfo
  secrets: { hmacKey: string; oneTimePassword: string; password: string }
  dir: string
  /** uid the simulated nodes run as */
  uid: number
  reset(scenario?: ScenarioName): Promise<void>
  stop(): Promise<void>
}

const ROOT = resolve(__dirname, '..', '..', '..')
export const NOBODY = { uid: 65534, gid: 65534 }

export async function startSimProc(opts: { scenario?: ScenarioName; unprivileged?: boolean } = {}): Promise<SimProc> {
  const asNobody = (opts.unprivileged ?? true) && process.getuid?.() === 0
  const dir = mkdtempSync(join(tmpdir(), 'nsmhad-rel-'))
  if (asNobody) chownSync(dir, NOBODY.uid, NOBODY.gid)
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', join(__dirname, 'sim-child.ts'), dir, opts.scenario ?? 'healthy'],
    {
      cwd: ROOT,
      stdio: ['pipe', 'pipe', 'inherit'],
      env: { ...process.env, HOME: dir, TSX_DISABLE_CACHE: '1' },
      ...(asNobody ? NOBODY : {})
    }
  )
  let buf = ''
  const waiters: ((line: string) => void)[] = []
  child.stdout!.on('data', (d: Buffer) => {
    buf += d.toString()
    let i
    while ((i = buf.indexOf('\n')) >= 0) {
      const line = buf.slice(0, i)
      buf = buf.slice(i + 1)
      waiters.shift()?.(line)
    }
  })
  const nextLine = (): Promise<string> =>
    new Promise((res, rej) => {
      waiters.push(res)
      child.once('exit', (code) => rej(new Error(`simulator process exited (${code})`)))
    })
  const first = JSON.parse(await nextLine()) as Omit<SimProc, 'reset' | 'stop'>
  const proc: SimProc = {
    ...first,
    uid: first.uid ?? 0,
    async reset(scenario = 'healthy') {
      const line = nextLine()
      child.stdin!.write(`reset ${scenario}\n`)
      const ok = await line
      proc.secrets = { ...proc.secrets, ...(JSON.parse(ok.slice(3)) as { secrets: SimProc['secrets'] }).secrets }
    },
    async stop() {
      if (child.exitCode === null) {
        const done = new Promise((r) => child.once('exit', r))
        child.stdin!.write('stop\n')
        const t = setTimeout(() => child.kill('SIGKILL'), 5000)
        await done
        clearTimeout(t)
      }
      rmSync(dir, { recursive: true, force: true })
    }
  }
  return proc
}
