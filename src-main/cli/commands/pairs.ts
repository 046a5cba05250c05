/** `nsm-ha-doctor pairs` — not built yet. */
export async function run(_argv: string[]): Promise<number> {
  console.error('nsm-ha-doctor: "pairs" is not available yet')
  return 3
}
