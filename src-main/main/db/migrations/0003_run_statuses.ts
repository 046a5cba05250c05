/**
 * 0003: each run keeps its check statuses as one small JSON object ({"cfg.hmac-key":"fail", …}) so trend
 * charts read the runs table only. NULL for rows written before: readers fall back to check_results.
 */
export const sql = `
ALTER TABLE runs ADD COLUMN statuses TEXT;
`
