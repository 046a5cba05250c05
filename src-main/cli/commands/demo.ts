/** `nsm-ha-doctor demo` — not built yet. */
export async function run(_argv: string[]): Promise<number> {
  console.error('nsm-ha-doctor: "demo" is not available yet')
  return 3
}
