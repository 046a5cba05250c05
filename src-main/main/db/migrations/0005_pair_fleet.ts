/**
 * 0005: per-pair scheduled checks and alerts. `schedule_minutes`: NULL = the default schedule (settings
 * key `schedule`), 0 = never scheduled, N = every N minutes. `quiet_hours`: NULL = the default's windows,
 * else a JSON array of QuietWindow (src-main/shared/domain/schedule.ts). `notify_muted`: no desktop
 * notification for this pair. Tags already live in `pairs.tags` (JSON array, 0001).
 */
export const sql = `
ALTER TABLE pairs ADD COLUMN schedule_minutes INTEGER CHECK (schedule_minutes IS NULL OR (schedule_minutes BETWEEN 0 AND 10080));
ALTER TABLE pairs ADD COLUMN quiet_hours TEXT CHECK (quiet_hours IS NULL OR json_valid(quiet_hours));
ALTER TABLE pairs ADD COLUMN notify_muted INTEGER NOT NULL DEFAULT 0 CHECK (notify_muted IN (0, 1));
`
