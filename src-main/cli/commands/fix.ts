/** `nsm-ha-doctor fix` — not built yet. */
export async function run(_argv: string[]): Promise<number> {
  console.error('nsm-ha-doctor: "fix" is not available yet')
  return 3
}
