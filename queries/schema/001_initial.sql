-- Schema version 1: the measures store.
-- Tables only; views and macros live in views.sql and are re-created on every write.
-- Keys are plain integers assigned by the writer (ita/store.py) under its lock.

CREATE TABLE store_meta (
    key   VARCHAR PRIMARY KEY,
    value VARCHAR NOT NULL
);

CREATE TABLE organisations (
    org_id   INTEGER PRIMARY KEY,
    name     VARCHAR NOT NULL UNIQUE,
    org_type VARCHAR,
    province VARCHAR,
    district VARCHAR
);

-- The ITA framework per fiscal year (B.E.), loaded from data/reference/ita_framework.csv.
CREATE TABLE framework_indicators (
    fiscal_year  SMALLINT NOT NULL,
    indicator_no SMALLINT NOT NULL,
    tool         VARCHAR NOT NULL,
    name_th      VARCHAR NOT NULL,
    name_en      VARCHAR,
    PRIMARY KEY (fiscal_year, indicator_no)
);

CREATE TABLE framework_items (
    fiscal_year      SMALLINT NOT NULL,
    item_code        VARCHAR NOT NULL,
    tool             VARCHAR NOT NULL,
    indicator_no     SMALLINT,
    sub_indicator_th VARCHAR,
    topic_th         VARCHAR,
    item_name_th     VARCHAR,
    confidence       VARCHAR,
    note             VARCHAR,
    PRIMARY KEY (fiscal_year, item_code)
);

CREATE TABLE indicator_aliases (
    written  VARCHAR PRIMARY KEY,
    official VARCHAR NOT NULL
);

CREATE TABLE item_keywords (
    item_name_th VARCHAR PRIMARY KEY,
    keywords     VARCHAR NOT NULL
);

-- kind: division, section (of parent_id), or shared (the "every division" responsibility).
CREATE TABLE divisions (
    division_id INTEGER PRIMARY KEY,
    name        VARCHAR NOT NULL UNIQUE,
    parent_id   INTEGER,
    kind        VARCHAR NOT NULL,
    aliases     VARCHAR
);

-- One row per imported file. state: active, superseded (a newer file replaced it), removed.
CREATE TABLE imports (
    import_id     INTEGER PRIMARY KEY,
    org_id        INTEGER NOT NULL,
    fiscal_year   SMALLINT NOT NULL,
    file_name     VARCHAR NOT NULL,
    sha256        VARCHAR NOT NULL,
    source_kind   VARCHAR NOT NULL,
    imported_at   TIMESTAMP NOT NULL,
    imported_by   VARCHAR NOT NULL,
    row_count     INTEGER NOT NULL,
    warning_count INTEGER NOT NULL,
    is_sample     BOOLEAN NOT NULL,
    state         VARCHAR NOT NULL,
    replaced_by   INTEGER
);

CREATE TABLE measures (
    measure_id           BIGINT PRIMARY KEY,
    import_id            INTEGER NOT NULL,
    org_id               INTEGER NOT NULL,
    fiscal_year          SMALLINT NOT NULL,
    seq                  INTEGER NOT NULL,
    source_line          INTEGER,
    indicator_as_written VARCHAR,
    indicator            VARCHAR,
    indicator_no         SMALLINT,
    tool                 VARCHAR,
    item_text            VARCHAR,
    item_code            VARCHAR,
    item_match           VARCHAR NOT NULL,
    match_confidence     DOUBLE NOT NULL,
    action               VARCHAR,
    responsible_text     VARCHAR,
    period               VARCHAR,
    follow_up            VARCHAR,
    status               VARCHAR NOT NULL,
    status_text          VARCHAR,
    progress_pct         DOUBLE,
    evidence_url         VARCHAR,
    note                 VARCHAR,
    updated_at           TIMESTAMP
);

CREATE TABLE measure_divisions (
    measure_id  BIGINT NOT NULL,
    division_id INTEGER NOT NULL
);

-- Warnings from imports; resolved by an edit or an editor's acknowledgement.
CREATE TABLE import_findings (
    finding_id  BIGINT PRIMARY KEY,
    import_id   INTEGER NOT NULL,
    measure_id  BIGINT,
    line        INTEGER,
    code        VARCHAR NOT NULL,
    args        VARCHAR[] NOT NULL,
    resolved_at TIMESTAMP,
    resolved_by VARCHAR
);

-- Append-only: every change of a measure and every import, removal and restore.
CREATE TABLE audit_log (
    audit_id   BIGINT PRIMARY KEY,
    changed_at TIMESTAMP NOT NULL,
    actor      VARCHAR NOT NULL,
    action     VARCHAR NOT NULL,
    measure_id BIGINT,
    import_id  INTEGER,
    field      VARCHAR,
    old_value  VARCHAR,
    new_value  VARCHAR,
    reason     VARCHAR
);
