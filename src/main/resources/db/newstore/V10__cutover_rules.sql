-- Cutover: gray-release rules and migration phases as versioned data, shared by every instance.
-- Every change is a new row (never an update): who, when, why, and the before/after diff. A rollback
-- is a new version whose rules equal an earlier one's (rollback_of names it). A commit that adds a
-- version sends NOTIFY orderhub_cutover with the version number; instances also compare versions
-- every ~500 ms in case a notification was missed.
CREATE TABLE cutover_rule_versions (
    version     BIGINT       PRIMARY KEY CHECK (version > 0),
    rules       JSONB        NOT NULL,
    author      TEXT         NOT NULL,
    reason      TEXT         NOT NULL,
    created_at  TIMESTAMPTZ  NOT NULL DEFAULT now(),
    -- {"before": <rules or null>, "after": <rules>, "changes": [{"path", "before", "after"}]}
    diff        JSONB        NOT NULL,
    rollback_of BIGINT       REFERENCES cutover_rule_versions (version)
);

-- What happened to the cutover, in order: seeds, changes, rollbacks (and, with the write path, the
-- switches of authority with the backlog they drained). Append-only.
CREATE TABLE cutover_journal (
    id         BIGSERIAL    PRIMARY KEY,
    at         TIMESTAMPTZ  NOT NULL DEFAULT now(),
    kind       TEXT         NOT NULL,
    version    BIGINT       REFERENCES cutover_rule_versions (version),
    author     TEXT         NOT NULL,
    detail     JSONB        NOT NULL
);

CREATE INDEX cutover_journal_version ON cutover_journal (version);
