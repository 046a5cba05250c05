/** The saved pair the store tests use. */
import { DEFAULT_NSM_PATHS, type PairConfig } from '../../src-main/shared/domain/pair'

export const LAB: PairConfig = {
  name: 'lab pair',
  primary: { host: '127.0.0.11', port: 22, user: 'root', auth: 'agent', sudo: 'none' },
  secondary: { host: '127.0.0.12', port: 22, user: 'root', auth: 'agent', sudo: 'none' },
  paths: DEFAULT_NSM_PATHS,
  tags: [],
  notes: ''
}
