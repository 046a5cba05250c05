// Writes a PNG of each main view (healthy and a broken scenario) into screenshots/: the built renderer in
// Debian Chromium with the real main-process handlers bridged in (test/e2e/bridge.ts), the simulator as target.
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
// SCREENSHOTS_DIR: write elsewhere (e.g. to look at a change without touching screenshots/)
const outDir = process.env.SCREENSHOTS_DIR ?? join(root, 'screenshots')
if (!existsSync(join(root, 'out/renderer/index.html'))) execFileSync('npx', ['electron-vite', 'build'], { cwd: root, stdio: 'inherit' })

const tmp = mkdtempSync(join(tmpdir(), 'nsm-shots-'))
// tsx loads the bridge's TypeScript (and the services behind it) in place, as vitest does
process.env.NSM_UI_ROOT = root
const { tsImport } = await import('tsx/esm/api')
const { startBridge, apiInitScript } = await tsImport('../test/e2e/bridge.ts', import.meta.url)
const { chromium } = await import('playwright-core')

process.env.NSM_HA_DOCTOR_HOME = tmp
// the demo's replication-in-progress completes within a minute here (several follow samples, then STARTUPDONE)
process.env.NSM_SIM_IN_PROGRESS_SECONDS ??= '45'
const bridge = await startBridge(tmp)
// the pair form's test connection and host-key dialog: a lab pair behind TCP forwarders in front of a
// simulator; retargeting the primary's forwarder to a second simulator changes its key on the same host:port
const { startSimPair } = await tsImport('../src-main/simulator/index.ts', import.meta.url)
const { startTcpProxy } = await tsImport('../test/e2e/tcp-proxy.ts', import.meta.url)
const labA = await startSimPair({ scenario: 'healthy' })
const labB = await startSimPair({ scenario: 'healthy' })
const labP = await startTcpProxy(labA.primary)
const labS = await startTcpProxy(labA.secondary)
const labCfg = labA.pairConfig('Lab pair')
const labId = bridge.store.pairs.save({
  ...labCfg,
  primary: { ...labCfg.primary, host: labP.host, port: labP.port },
  secondary: { ...labCfg.secondary, host: labS.host, port: labS.port },
  tags: [],
  notes: ''
}).id
for (const role of ['primary', 'secondary']) await bridge.store.pairs.setSecret(labId, role, 'password', labA.secrets.password)
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  headless: true
})
mkdirSync(outDir, { recursive: true })
const written = []
try {
  for (const scheme of ['light', 'dark']) {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, colorScheme: scheme })
    await page.addInitScript(apiInitScript())
    const t0 = Date.now()
    await page.goto(bridge.url)
    await page.waitForSelector('body[data-app-ready="1"]')
    if (scheme === 'light') console.log(`first view ready in ${Date.now() - t0} ms`)
    const shot = async (name) => {
      const file = join(outDir, `${name}${scheme === 'dark' ? '-dark' : ''}.png`)
      await page.waitForTimeout(300)
      await page.screenshot({ path: file })
      written.push(file)
    }
    if (scheme === 'light') await shot('00-first-start')
    const scenarios = scheme === 'light' ? ['healthy', 'peer-services-down'] : ['peer-services-down']
    for (const scenario of scenarios) {
      await page.getByTestId('scenario').selectOption(scenario)
      await page.getByTestId('demo-start').click()
      await page.getByText(`Demo pair running: ${scenario}`).waitFor({ timeout: 60000 })
      await page.getByTestId('run').click()
      await page.getByTestId('verdict').waitFor({ timeout: 60000 })
      await page.locator('[data-testid="run"]:not([disabled])').waitFor({ timeout: 60000 })
      const failing = page.locator('[data-testid="check"][data-status="fail"] button.row').first()
      if (await failing.count()) await failing.click()
      await shot(`${scenario}-1-checks`)
      for (const [tab, n] of [
        ['compare', 2],
        ['diff', 3],
        ['timeline', 4],
        ['history', 5]
      ]) {
        await page.getByTestId(`tab-${tab}`).click()
        await shot(`${scenario}-${n}-${tab}`)
      }
      await page.getByTestId('tab-run').click()
    }
    // the keyboard shortcut help (? key), over the broken scenario's run view
    await page.keyboard.press('?')
    await page.getByTestId('shortcut-help').waitFor()
    await shot('15-shortcut-help')
    await page.keyboard.press('Escape')
    // follow replication: mid-way (chart, share, rate, ETA with its range), then at STARTUPDONE
    await page.getByTestId('scenario').selectOption('replication-in-progress')
    await page.getByTestId('demo-start').click()
    await page.getByText('Demo pair running: replication-in-progress').waitFor({ timeout: 60000 })
    await page.getByTestId('run').click()
    await page.locator('[data-testid="run"]:not([disabled])').waitFor({ timeout: 60000 })
    await page.getByTestId('follow-open').click()
    await page.locator('[data-testid="follow-eta"]', { hasText: '(' }).waitFor({ timeout: 90000 })
    await shot('16-follow-replication')
    if (scheme === 'light') {
      await page.getByTestId('follow-end').waitFor({ timeout: 120000 })
      await shot('17-follow-complete')
    }
    await page.getByTestId('follow-close').click()
    if (scheme === 'light') {
      await page.getByTestId('scenario').selectOption('write-to-log-off')
      await page.getByTestId('demo-start').click()
      await page.getByText('Demo pair running: write-to-log-off').waitFor({ timeout: 60000 })
      await page.getByTestId('run').click()
      await page.locator('[data-testid="run"]:not([disabled])').waitFor({ timeout: 60000 })
      await page.locator('[data-testid="check"][data-status="warn"] button.row').first().click()
      await page.getByTestId('fix-link').first().click()
      await page.getByTestId('fix-wizard').locator('pre').first().waitFor()
      await shot('07-fix-wizard-plan')
      await page.getByTestId('fix-apply').click()
      await page.getByTestId('fix-outcome').waitFor({ timeout: 120000 })
      await shot('08-fix-wizard-done')
      await page.getByRole('button', { name: 'Close' }).click()
      // fix options: align-hmac-key with the source node chosen; the preview shows source → target
      await page.getByTestId('scenario').selectOption('hmac-mismatch')
      await page.getByTestId('demo-start').click()
      await page.getByText('Demo pair running: hmac-mismatch').waitFor({ timeout: 60000 })
      await page.getByTestId('run').click()
      await page.locator('[data-testid="run"]:not([disabled])').waitFor({ timeout: 60000 })
      const hmac = page.locator('[data-testid="check"][data-id="cfg.hmac-key"]')
      await hmac.locator('button.row').click()
      await hmac.getByTestId('fix-link').filter({ hasText: 'HMAC' }).click()
      await page.getByTestId('opt-source-primary').check()
      await page.locator('[data-testid="fix-roles"] [data-role="source"][data-node="primary"]').waitFor()
      await shot('14-fix-wizard-source-node')
      await page.keyboard.press('Escape')
    }
    // the pair form: login defaults, tags and notes, a jump host (light and dark)
    await page.getByTestId('add-pair').click()
    await page.getByTestId('f-tags').fill('prod, dc-east')
    await page.getByTestId('f-jump').check()
    await page.getByTestId('f-j-host').fill('bastion.example.net')
    await page.getByTestId('f-j-user').fill('jumper')
    await shot('06-add-pair')
    await page.getByRole('button', { name: 'Cancel' }).click()
    // pair form: edit, test connection (new keys), the new-key dialog, the changed-key warning
    labP.retarget(labA.primary.host, labA.primary.port)
    for (const port of [labP.port, labS.port]) bridge.store.hostKeys.forget(labP.host, port)
    await page.getByTestId('pair').filter({ hasText: 'Lab pair' }).click()
    await page.getByTestId('edit-pair').click()
    await page.getByTestId('f-password-stored').waitFor()
    await shot('09-edit-pair')
    await page.getByTestId('f-test').click()
    await page.getByTestId('test-result').waitFor({ timeout: 30000 })
    await shot('10-test-connection')
    await page.getByTestId('review-hostkeys').click()
    await page.getByTestId('hostkey-dialog').waitFor()
    await shot('11-hostkey-new')
    for (let i = 0; i < 2; i++) await page.getByTestId('hk-trust').first().click()
    await page.getByTestId('hk-close').click()
    await page.locator('[data-testid="test-hostkey"][data-state="match"]').nth(1).waitFor({ timeout: 30000 })
    labP.retarget(labB.primary.host, labB.primary.port)
    await page.getByTestId('f-test').click()
    await page.locator('[data-testid="test-hostkey"][data-state="changed"]').waitFor({ timeout: 30000 })
    await page.getByTestId('review-hostkeys').click()
    await page.getByTestId('hk-changed').waitFor()
    await shot('12-hostkey-changed')
    // the run view after a run refused the changed key: the banner that opens the same dialog
    await page.getByTestId('hk-close').click()
    await page.getByRole('button', { name: 'Cancel' }).click()
    await page.getByTestId('run').click()
    await page.getByTestId('hostkey-banner').waitFor({ timeout: 60000 })
    await shot('13-run-hostkey-refused')
    // a run that reached neither node (no key pinned for either): "not checked" with its one reason
    for (const port of [labP.port, labS.port]) bridge.store.hostKeys.forget(labP.host, port)
    await page.getByTestId('run').click()
    await page.getByTestId('not-checked').waitFor({ timeout: 60000 })
    await shot('18-run-not-checked')
    await page.close()
  }
  // the fleet overview (home view with more than one pair): a healthy fleet, then a mixed one
  const fleetTmp = mkdtempSync(join(tmpdir(), 'nsm-shots-fleet-'))
  const fleetBridge = await startBridge(fleetTmp, { fleet: { schedule: false } })
  try {
    const { reportWithSecrets } = await tsImport('../test/history/fixture-report.ts', import.meta.url)
    // the fixture reader resolves its files from test/ when loaded through tsx
    const cwd = process.cwd()
    process.chdir(join(root, 'test'))
    const healthy = reportWithSecrets()
    const broken = reportWithSecrets({ otpMismatch: true })
    process.chdir(cwd)
    const store = fleetBridge.store
    const sites = ['ams', 'fra', 'nyc', 'sin']
    const ids = []
    for (let i = 0; i < 14; i++) {
      const node = (n) => ({ host: `10.${i}.0.${n}`, port: 22, user: 'admin', auth: 'password', sudo: 'none' })
      const site = sites[i % 4]
      ids.push(
        store.pairs.save({
          name: `nsm-${site}-${String(i + 1).padStart(2, '0')}`,
          primary: node(1),
          secondary: node(2),
          paths: healthy.pair.paths,
          tags: [site, i % 3 ? 'prod' : 'test'],
          notes: ''
        }).id
      )
    }
    const addRuns = (id, pattern) => {
      const pair = store.pairs.get(id)
      pattern.forEach((base, r) => {
        const startedAt = new Date(Date.now() - (pattern.length - r) * 15 * 60_000 - id * 7_000).toISOString()
        const report = { ...base, startedAt, finishedAt: startedAt, pair: { ...base.pair, id, name: pair.name } }
        report.runId = store.history.beginRun(report.pair, startedAt)
        store.history.saveRun(report)
      })
    }
    for (const id of ids) addRuns(id, new Array(20).fill(healthy))
    for (const scheme of ['light', 'dark']) {
      const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, colorScheme: scheme })
      await page.addInitScript(apiInitScript())
      await page.goto(fleetBridge.url)
      await page.getByTestId('fleet').waitFor()
      await page.waitForTimeout(300)
      const file = join(outDir, `20-fleet-healthy${scheme === 'dark' ? '-dark' : ''}.png`)
      await page.screenshot({ path: file })
      written.push(file)
      await page.close()
    }
    // mixed: two pairs broke lately, one flaps, one was never checked, one has no answer
    addRuns(ids[1], [healthy, broken, broken])
    addRuns(ids[6], [broken, broken, broken, broken])
    addRuns(ids[9], [broken, healthy, broken, healthy, broken])
    const never = store.pairs.save({
      name: 'nsm-lab-new',
      primary: { host: '10.99.0.1', port: 22, user: 'admin', auth: 'password', sudo: 'none' },
      secondary: { host: '10.99.0.2', port: 22, user: 'admin', auth: 'password', sudo: 'none' },
      paths: healthy.pair.paths,
      tags: ['test'],
      notes: ''
    })
    void never
    // a pair whose last run reached neither node ("not checked", not a failure) and one not checked for days
    const down = (role, host) => ({
      role,
      host,
      port: 22,
      reachable: false,
      error: `connect ETIMEDOUT ${host}:22`,
      configs: {},
      tools: {},
      events: []
    })
    const unreachable = {
      ...healthy,
      nodes: { primary: down('primary', '10.3.0.1'), secondary: down('secondary', '10.3.0.2') },
      checks: healthy.checks.map((c) => ({ ...c, status: c.id === 'sys.reachable' ? 'fail' : 'unknown', evidence: [] })),
      summary: { pass: 0, warn: 0, fail: 1, unknown: healthy.checks.length - 1, skipped: 0 },
      verdict: 'fail'
    }
    addRuns(ids[3], [healthy, unreachable])
    const staleAt = new Date(Date.now() - 3 * 86_400_000).toISOString()
    const stalePair = store.pairs.get(ids[12])
    store.history.saveRun({
      ...healthy,
      startedAt: staleAt,
      finishedAt: staleAt,
      pair: { ...healthy.pair, id: ids[12], name: stalePair.name }
    })
    store.db.prepare('DELETE FROM runs WHERE pair_id = ? AND started_at > ?').run(ids[12], staleAt)
    for (const scheme of ['light', 'dark']) {
      const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, colorScheme: scheme })
      await page.addInitScript(apiInitScript())
      await page.goto(fleetBridge.url)
      await page.getByTestId('fleet').waitFor()
      await page.waitForTimeout(300)
      const file = join(outDir, `21-fleet-mixed${scheme === 'dark' ? '-dark' : ''}.png`)
      await page.screenshot({ path: file })
      written.push(file)
      if (scheme === 'light') {
        await page.getByTestId('fleet-verdict').selectOption('problems')
        await page.locator('[data-testid="fleet-row"][data-verdict="fail"]').first().getByTestId('fleet-settings').click()
        await page.getByTestId('pair-schedule').waitFor()
        const f2 = join(outDir, '22-fleet-filtered-schedule.png')
        await page.screenshot({ path: f2 })
        written.push(f2)
      }
      await page.close()
    }
  } finally {
    await fleetBridge.close()
    rmSync(fleetTmp, { recursive: true, force: true })
  }
} finally {
  await browser.close()
  await bridge.close()
  await labP.close()
  await labS.close()
  await labA.stop()
  await labB.stop()
  rmSync(tmp, { recursive: true, force: true })
}
console.log(written.map((f) => (f.startsWith(root) ? f.slice(root.length + 1) : f)).join('\n'))
// failover readiness, acknowledgements, offline import, timeline explanations
await import('./screenshots-readiness.mjs')
