/** The scenario matrix over real SSH against the embedded simulator (ssh2 server). See matrix.ts. */
import { startSimPair } from '../../src-main/simulator/index'
import { matrix } from './matrix'

matrix('scenario matrix over real SSH (embedded simulator)', () => startSimPair({ scenario: 'healthy' }))
