/**
 * 0004: per-pair "allow legacy SSH algorithms" (old NSM appliances), off by default. Before this it was
 * only the CLI flag --allow-legacy-algorithms.
 */
export const sql = `
ALTER TABLE pairs ADD COLUMN allow_legacy_algorithms INTEGER NOT NULL DEFAULT 0 CHECK (allow_legacy_algorithms IN (0, 1));
`
