-- A password an administrator set on an existing account is one-time: until its owner chooses
-- their own, that login may only change it, and the login says who reset it and when.
ALTER TABLE user_account ADD COLUMN password_change_required BOOLEAN DEFAULT FALSE NOT NULL;
ALTER TABLE user_account ADD COLUMN password_reset_by VARCHAR(64);
ALTER TABLE user_account ADD COLUMN password_reset_at TIMESTAMP WITH TIME ZONE;

-- Every administrator action: who, what, when and on whom; never any content.
CREATE SEQUENCE admin_audit_seq;
CREATE TABLE admin_audit (
  id             BIGINT PRIMARY KEY,
  at             TIMESTAMP WITH TIME ZONE NOT NULL,
  -- no reference: the start-up provisioning (demo company) acts as "system", id 0
  actor_id       BIGINT       NOT NULL,
  actor_username VARCHAR(64)  NOT NULL,
  action         VARCHAR(40)  NOT NULL,
  target_user_id BIGINT REFERENCES user_account (id),
  company_id     BIGINT REFERENCES company (id)
);
-- A company's page, newest first; the platform admin's page of all companies by id alone.
CREATE INDEX admin_audit_company_ix ON admin_audit (company_id, id);
