/** The same scenario matrix with real OpenSSH sshd serving the simulated trees. See matrix.ts. */
import { findSshd, startOpenSshPair } from '../../src-main/simulator/openssh'
import { requireSystem } from '../helpers/system'
import { matrix } from './matrix'

const sshd = requireSystem('OpenSSH sshd', !!findSshd(), 'install openssh-server')
matrix('scenario matrix over real SSH (OpenSSH sshd serving the simulated trees)', sshd.available ? () => startOpenSshPair({ scenario: 'healthy' }) : undefined)
