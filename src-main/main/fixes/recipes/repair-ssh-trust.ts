/**
 * fix.repair-ssh-trust — KB11264 step 4: for the rsync user on each node, create an RSA key where missing
 * (ssh-keygen -t rsa), add the node's public keys to the peer's ~/.ssh/authorized_keys once, fix the
 * permissions (700 ~/.ssh, 600 keys), and verify both directions with BatchMode.
 */
import { NODE_ROLES } from '../../../shared/domain/pair'
import { shQuote as q } from '../../shell/quote'
import { KEYS } from '../../diagnostics/parsers/cfg'
import { addressKeyNames, resolveHaAddresses } from '../../diagnostics/parsers/ha-addresses'
import { other } from '../context'
import { staticPre } from '../preconditions'
import { asUser } from '../sh'
import { PATTERNS, safeAddress, safeUser } from '../validate'
import { empty, step, type Recipe } from './common'

const KEY_NAMES = ['id_rsa', 'id_ecdsa', 'id_ed25519']

export const repairSshTrust: Recipe = (ctx) => {
  const r = empty()
  const users = NODE_ROLES.map((n) => ctx.cfg(n, 'haSvr.cfg', ...KEYS.rsyncUser))
  // the peer address in either layout of haSvr.cfg (A-1): highAvail.peerIpAddr, or primaryServerIp / secondaryServerIp
  // resolved by the node's role (the report keeps no interface list for ownership)
  const resolved = NODE_ROLES.map((n) => resolveHaAddresses(ctx.report.nodes[n]?.configs?.['haSvr.cfg'], n))
  const peers = resolved.map((a) => a?.peer?.value)
  NODE_ROLES.forEach((n, i) => {
    if (users[i] === undefined) r.blockers.push(`highAvail.rsyncUser is not set on the ${n}`)
    else safeUser(users[i]!, `highAvail.rsyncUser on the ${n}`)
    const key = resolved[i]?.peer?.key ?? addressKeyNames('peer', resolved[i], n)
    if (peers[i] === undefined) r.blockers.push(`${key} is not set on the ${n}`)
    else safeAddress(peers[i]!, `${key} on the ${n}`)
  })
  if (r.blockers.length > 0) return r
  const user = users[0]!
  const same = users[0] === users[1]
  r.preconditions.push(
    staticPre(
      'rsync-user-equal',
      'highAvail.rsyncUser is the same on both nodes',
      'highAvail.rsyncUser differs between the nodes',
      same,
      `primary ${users[0]}, secondary ${users[1]}`
    )
  )
  if (!same) {
    r.blockers.push('highAvail.rsyncUser differs between the nodes (fix the configuration first)')
    return r
  }
  for (const node of NODE_ROLES) {
    r.preconditions.push({
      id: `rsync-user-exists-${node}`,
      description: `the account ${user} exists on the ${node}`,
      refusal: `the account ${user} does not exist on the ${node}`,
      node,
      kind: 'cfg-value',
      command: `if getent passwd ${q(user)} >/dev/null 2>&1; then echo exists; else echo missing; fi`,
      params: { expected: 'exists', label: `account ${user}: ` },
      measured:
        ctx.report.checks.find((c) => c.id === 'cfg.rsync-user')?.status === 'pass'
          ? `account ${user}: exists`
          : `account ${user}: see cfg.rsync-user`,
      ok: true
    })
    r.backups.push({
      node,
      what: `~${user}/.ssh/authorized_keys`,
      from: `~${user}/.ssh/authorized_keys`,
      to: `~${user}/.ssh/authorized_keys.${ctx.stamp}.bak`,
      method: 'copy'
    })
  }
  for (const node of NODE_ROLES)
    r.steps.push(
      step(
        `backup-${node}`,
        node,
        'backup',
        `Back up ~${user}/.ssh/authorized_keys on the ${node}`,
        asUser(
          user,
          `f=$HOME/.ssh/authorized_keys; if [ -f "$f" ]; then cp -p "$f" "$f.${ctx.stamp}.bak" && echo "backup: $f.${ctx.stamp}.bak"; else echo "no authorized_keys yet: $f"; fi`
        ),
        'authorized_keys backed up; nothing changed yet'
      )
    )
  for (const node of NODE_ROLES)
    r.steps.push(
      step(
        `key-${node}`,
        node,
        'change',
        `Create an RSA key for ${user} on the ${node} where missing (ssh-keygen -t rsa) and show its public key`,
        asUser(
          user,
          `umask 077; d=$HOME/.ssh; mkdir -p "$d" && chmod 700 "$d" || exit 1; ` +
            `if [ ! -f "$d/id_rsa" ]; then ssh-keygen -q -t rsa -b 3072 -N '' -C "${user}@$(hostname)" -f "$d/id_rsa" </dev/null >&2 || exit 1; echo "created $d/id_rsa" >&2; fi; ` +
            `for k in ${KEY_NAMES.join(' ')}; do if [ -f "$d/$k" ]; then chmod 600 "$d/$k"; [ -f "$d/$k.pub" ] || ssh-keygen -y -f "$d/$k" > "$d/$k.pub"; cat "$d/$k.pub"; fi; done`
        ),
        `${user} has a key on the ${node}`,
        { capture: { name: `pub-${node}`, kind: 'public', pattern: PATTERNS.pubkey } }
      )
    )
  for (const node of NODE_ROLES) {
    const peer = other(node)
    r.steps.push(
      step(
        `authorize-${node}-on-${peer}`,
        peer,
        'change',
        `Add the ${node}'s public key(s) to ~${user}/.ssh/authorized_keys on the ${peer} (once)`,
        asUser(
          user,
          `umask 077; d=$HOME/.ssh; f=$d/authorized_keys; mkdir -p "$d" && chmod 700 "$d" && touch "$f" && chmod 600 "$f" || exit 1; ` +
            `while IFS= read -r k || [ -n "$k" ]; do [ -n "$k" ] || continue; if grep -qxF -e "$k" "$f"; then echo "already authorized: \${k%% *} ...\${k##* }"; else printf '%s\\n' "$k" >> "$f" && echo "added: \${k%% *} ...\${k##* }"; fi; done`
        ),
        `the ${node}'s key is authorized on the ${peer}`,
        { stdinFrom: `pub-${node}` }
      )
    )
  }
  NODE_ROLES.forEach((node, i) => {
    const peer = peers[i]!
    r.steps.push(
      step(
        `verify-${node}`,
        node,
        'verify',
        `Verify: ssh -o BatchMode=yes from the ${node} to ${peer} as ${user}`,
        asUser(
          user,
          `ssh -o BatchMode=yes -o ConnectTimeout=10 -o StrictHostKeyChecking=accept-new -l ${q(user)} ${q(peer)} true && echo ${q(`ssh ${user}@${peer}: ok`)}`
        ),
        `ssh trust verified from the ${node}`,
        { timeoutMs: 30_000 }
      )
    )
  })
  r.notes.push(
    "The verification accepts the peer host key on first use (StrictHostKeyChecking=accept-new) so HA's own BatchMode ssh does not stop at an unknown host key; a changed key still fails."
  )
  return r
}
