/** 0002: which process owns a `running` run (`host:pid`), so start-up only marks runs of dead processes interrupted. */
export const sql = `
ALTER TABLE runs ADD COLUMN owner TEXT;
`
