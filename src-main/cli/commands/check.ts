/** `nsm-ha-doctor check` — not built yet. */
export async function run(_argv: string[]): Promise<number> {
  console.error('nsm-ha-doctor: "check" is not available yet')
  return 3
}
