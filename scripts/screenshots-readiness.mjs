// Writes the PNGs of failover readiness, acknowledgements, offline import and the timeline's explanations
// into screenshots/ (run by scripts/screenshots.mjs; alone: node scripts/screenshots-readiness.mjs): two
// simulated pairs (healthy, HMAC mismatch) saved in a bridged app, checked, one problem acknowledged, the
// healthy pair's collected probe outputs imported.
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const outDir = process.env.SCREENSHOTS_DIR ?? join(root, 'screenshots')
if (!existsSync(join(root, 'out/renderer/index.html'))) execFileSync('npx', ['electron-vite', 'build'], { cwd: root, stdio: 'inherit' })
process.env.NSM_UI_ROOT = root
const { tsImport } = await import('tsx/esm/api')
const { startBridge, apiInitScript } = await tsImport('../test/e2e/bridge.ts', import.meta.url)
const { startSimPair } = await tsImport('../src-main/simulator/index.ts', import.meta.url)
const { collectedFiles } = await tsImport('../test/offline/collect-by-hand.ts', import.meta.url)
const { memoryHostKeys } = await tsImport('../test/diagnostics/collect-over-ssh.ts', import.meta.url)
const { chromium } = await import('playwright-core')

const tmp = mkdtempSync(join(tmpdir(), 'nsm-shots-ready-'))
process.env.NSM_HA_DOCTOR_HOME = tmp
const bridge = await startBridge(tmp, { fleet: { schedule: false } })
const sims = {}
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  headless: true
})
mkdirSync(outDir, { recursive: true })
const written = []
try {
  const store = bridge.store
  for (const [name, scenario] of [
    ['nsm-ams-01', 'healthy'],
    ['nsm-fra-02', 'hmac-mismatch']
  ]) {
    const sim = await startSimPair({ scenario })
    sims[name] = sim
    const cfg = sim.pairConfig(name)
    const id = store.pairs.save({ ...cfg, tags: [], notes: '' }).id
    for (const role of ['primary', 'secondary']) {
      await store.pairs.setSecret(id, role, 'password', sim.secrets.password)
      store.hostKeys.pin(cfg[role].host, cfg[role].port, sim[role].hostKeySha256, 'ssh-ed25519')
    }
  }
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } })
  await page.addInitScript(apiInitScript())
  await page.goto(bridge.url)
  await page.waitForSelector('body[data-app-ready="1"]')
  const shot = async (name) => {
    const file = join(outDir, `${name}.png`)
    await page.waitForTimeout(300)
    await page.screenshot({ path: file })
    written.push(file)
  }
  const open = async (name) => {
    await page.getByTestId('nav-fleet').click()
    await page.locator(`[data-testid="fleet-row"][data-pair="${name}"] [data-testid="fleet-open"]`).click()
  }
  const run = async (name) => {
    await open(name)
    await page.getByTestId('run').click()
    await page.getByTestId('readiness').waitFor({ timeout: 60000 })
    await page.locator('[data-testid="run"]:not([disabled])').waitFor({ timeout: 60000 })
  }
  await run('nsm-ams-01')
  await shot('30-readiness-ready')
  await run('nsm-fra-02')
  await page.getByTestId('readiness').click()
  await shot('31-readiness-not-ready')
  await page.getByTestId('readiness').click()
  const row = page.locator('[data-testid="check"][data-id="cfg.hmac-key"]')
  await row.getByTestId('ack-open').click()
  await row.getByTestId('ack-reason').fill('key rotation planned for Monday (CHG-1234)')
  await row.scrollIntoViewIfNeeded()
  await shot('32-acknowledge-form')
  await row.getByTestId('ack-save').click()
  await row.getByTestId('acknowledged').waitFor()
  await row.scrollIntoViewIfNeeded()
  await shot('33-acknowledged')
  await page.getByTestId('nav-fleet').click()
  await page.locator('[data-testid="fleet-row"][data-pair="nsm-fra-02"] [data-testid="fleet-acked"]').waitFor()
  await shot('34-fleet-failover-column')
  await open('nsm-fra-02')
  await page.getByTestId('tab-timeline').click()
  await page.getByTestId('event-meaning').first().waitFor()
  await page.locator('table.events').scrollIntoViewIfNeeded()
  await shot('35-timeline-explanations')
  await page.getByTestId('tab-run').click()
  const filesDir = join(tmp, 'collected')
  mkdirSync(filesDir)
  bridge.collectedFiles = await collectedFiles(sims['nsm-ams-01'], filesDir, memoryHostKeys())
  await open('nsm-ams-01')
  await page.getByTestId('import-offline').click()
  await page.getByTestId('collected-offline').waitFor({ timeout: 60000 })
  await page.getByTestId('readiness').click()
  await shot('36-imported-offline')
  await page.close()
} finally {
  await browser.close()
  await bridge.close()
  for (const s of Object.values(sims)) await s.stop()
  rmSync(tmp, { recursive: true, force: true })
}
console.log(written.map((f) => (f.startsWith(root) ? f.slice(root.length + 1) : f)).join('\n'))
