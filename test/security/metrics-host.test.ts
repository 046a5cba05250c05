/**
 * Attack: DNS rebinding. A web page in the admin's browser rebinds its own name to the address
 * serve-metrics listens on and reads the metrics (every pair, host, check and error). The server answers
 * only its listen address, the localhost names and names given with --allow-host; any other Host gets 421.
 */
import { request } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { allowedHosts, hostName, metricsServer } from '../../src-main/cli/commands/serve-metrics'

const server = metricsServer(allowedHosts('127.0.0.1', ['metrics.example.net']), () => 'nsm_ha_pair_status{pair="lab"} 0\n')
let port = 0

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  port = (server.address() as AddressInfo).port
})
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

function get(host: string | undefined): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, path: '/metrics', method: 'GET', setHost: false, headers: host === undefined ? {} : { host } },
      (res) => {
        let body = ''
        res.on('data', (d: Buffer) => (body += d.toString()))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }))
      }
    )
    req.on('error', reject)
    req.end()
  })
}

describe('serve-metrics checks the Host header', () => {
  it('answers its listen address, localhost names and --allow-host names', async () => {
    for (const host of [
      `127.0.0.1:${port}`,
      `localhost:${port}`,
      'LOCALHOST',
      `[::1]:${port}`,
      `metrics.example.net:${port}`,
      'metrics.example.net.'
    ]) {
      const res = await get(host)
      expect(res.status, host).toBe(200)
      expect(res.body).toContain('nsm_ha_pair_status')
    }
  })

  it('refuses a rebound name, a look-alike and a missing Host with 421 and no metrics', async () => {
    for (const host of [`evil.example:${port}`, 'attacker.test', 'localhost.evil.example', '127.0.0.1.nip.io']) {
      const res = await get(host)
      expect(res.status, host).toBe(421)
      expect(res.body).not.toContain('nsm_ha')
    }
    // HTTP/1.1 without Host: Node's own server answers 400 before the handler
    const none = await get(undefined)
    expect(none.status).toBe(400)
    expect(none.body).not.toContain('nsm_ha')
  })

  it('reads host names from Host headers', () => {
    expect(hostName('[::1]:9810')).toBe('::1')
    expect(hostName('Example.NET:80')).toBe('example.net')
    expect(hostName(undefined)).toBeUndefined()
    expect(allowedHosts('0.0.0.0', ['::1', 'nsm-mon'])).toEqual(
      new Set(['0.0.0.0', 'localhost', 'localhost.localdomain', 'ip6-localhost', '127.0.0.1', '::1', 'nsm-mon'])
    )
  })
})
