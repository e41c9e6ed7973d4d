-- Companies, their people, and the refresh tokens of their logins.
CREATE SEQUENCE company_seq;
CREATE TABLE company (
  id         BIGINT PRIMARY KEY,
  name       VARCHAR(100) NOT NULL,
  name_key   VARCHAR(100) NOT NULL,
  created_at TIMESTAMP WITH TIME ZONE NOT NULL,
  CONSTRAINT company_name_key_uq UNIQUE (name_key)
);

CREATE SEQUENCE user_account_seq;
CREATE TABLE user_account (
  id            BIGINT PRIMARY KEY,
  company_id    BIGINT REFERENCES company (id),
  username      VARCHAR(64)  NOT NULL,
  username_key  VARCHAR(64)  NOT NULL,
  display_name  VARCHAR(100) NOT NULL,
  password_hash VARCHAR(255),
  role          VARCHAR(20)  NOT NULL,
  active        BOOLEAN      NOT NULL,
  created_at    TIMESTAMP WITH TIME ZONE NOT NULL,
  CONSTRAINT user_account_username_key_uq UNIQUE (username_key),
  CONSTRAINT user_account_role_ck CHECK (role IN ('EMPLOYEE', 'COMPANY_ADMIN', 'PLATFORM_ADMIN')),
  CONSTRAINT user_account_company_ck CHECK ((role = 'PLATFORM_ADMIN') = (company_id IS NULL))
);
-- The directory of a company, listed by name.
CREATE INDEX user_account_company_ix ON user_account (company_id, display_name);

CREATE SEQUENCE refresh_token_seq;
CREATE TABLE refresh_token (
  id         BIGINT PRIMARY KEY,
  user_id    BIGINT      NOT NULL REFERENCES user_account (id),
  session_id VARCHAR(36) NOT NULL,
  token_hash VARCHAR(64) NOT NULL,
  created_at TIMESTAMP WITH TIME ZONE NOT NULL,
  expires_at TIMESTAMP WITH TIME ZONE NOT NULL,
  revoked_at TIMESTAMP WITH TIME ZONE,
  CONSTRAINT refresh_token_hash_uq UNIQUE (token_hash)
);
CREATE INDEX refresh_token_session_ix ON refresh_token (session_id);
CREATE INDEX refresh_token_user_ix ON refresh_token (user_id);
