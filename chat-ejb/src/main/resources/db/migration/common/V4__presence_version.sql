-- Every change of a user's presence gets the next version, so that instances can drop an
-- announcement that arrives after a newer one.
ALTER TABLE online_status ADD COLUMN version BIGINT DEFAULT 0 NOT NULL;
