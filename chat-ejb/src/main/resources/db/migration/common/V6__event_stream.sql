-- CONTRACT §6.1: one ordered stream of events per user. Each event is stored once (chat_event);
-- every user told of it gets a pointer (user_event) with the next seq of their own stream, in the
-- same transaction as the change. user_account.event_seq is each user's newest seq: it is drawn
-- by an UPDATE of that row, so concurrent transactions of one user queue on its row lock and the
-- seqs of a user are unique and gapless, in commit order.
ALTER TABLE user_account ADD COLUMN event_seq BIGINT DEFAULT 0 NOT NULL;

CREATE SEQUENCE chat_event_seq;
CREATE TABLE chat_event (
  id         BIGINT PRIMARY KEY,
  company_id BIGINT NOT NULL REFERENCES company (id),
  -- the socket frame of CONTRACT §5/§6 without its seq (a message of 4000 characters, escaped)
  body       VARCHAR(65536) NOT NULL,
  created_at TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX chat_event_created_ix ON chat_event (created_at);

CREATE TABLE user_event (
  user_id    BIGINT NOT NULL REFERENCES user_account (id),
  seq        BIGINT NOT NULL,
  event_id   BIGINT NOT NULL REFERENCES chat_event (id),
  created_at TIMESTAMP WITH TIME ZONE NOT NULL,
  PRIMARY KEY (user_id, seq)
);
-- Retention: the rows older than 30 days, oldest first; the events they point to.
CREATE INDEX user_event_created_ix ON user_event (created_at);
CREATE INDEX user_event_event_ix ON user_event (event_id);
