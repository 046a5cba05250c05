/** `nsm-ha-doctor history` — not built yet. */
export async function run(_argv: string[]): Promise<number> {
  console.error('nsm-ha-doctor: "history" is not available yet')
  return 3
}
