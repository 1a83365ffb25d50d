-- Schema version 9: who receives each division's digest, and which digests were sent.
-- (Independent of the tables of other migrations: it names organisations and divisions by name, as
-- the filters do, so it holds for an organisation before or after its reports are re-imported.)
--   digest_recipients: the addresses an editor keeps for one division of one organisation
--     (ita/store/recipients.py writes them, audited; the manage page and `python -m ita recipients`).
--   sent_digests: one row per digest sent (organisation, division, the as-of date it counted on, the
--     addresses it went to, when), so that `python -m ita digest --send` never sends one twice.
CREATE TABLE IF NOT EXISTS digest_recipients (
    org_name   VARCHAR NOT NULL,
    division   VARCHAR NOT NULL,
    email      VARCHAR NOT NULL,
    changed_at TIMESTAMP NOT NULL,
    changed_by VARCHAR NOT NULL,
    PRIMARY KEY (org_name, division, email)
);

CREATE TABLE IF NOT EXISTS sent_digests (
    org_name   VARCHAR NOT NULL,
    division   VARCHAR NOT NULL,
    as_of      DATE NOT NULL,
    recipients VARCHAR[] NOT NULL,
    sent_at    TIMESTAMP NOT NULL,
    PRIMARY KEY (org_name, division, as_of)
);
