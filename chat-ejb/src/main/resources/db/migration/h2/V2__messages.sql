-- One-to-one messages and presence.
CREATE SEQUENCE chat_message_seq;
CREATE TABLE chat_message (
  id            BIGINT PRIMARY KEY,
  company_id    BIGINT NOT NULL REFERENCES company (id),
  sender_id     BIGINT NOT NULL REFERENCES user_account (id),
  receiver_id   BIGINT NOT NULL REFERENCES user_account (id),
  -- the conversation's two users, smaller id first: one key for both directions
  user_low      BIGINT NOT NULL,
  user_high     BIGINT NOT NULL,
  text          CHARACTER VARYING(16000) NOT NULL,
  created_at    TIMESTAMP WITH TIME ZONE NOT NULL,
  read_at       TIMESTAMP WITH TIME ZONE,
  client_msg_id VARCHAR(64),
  CONSTRAINT chat_message_idempotency_uq UNIQUE (sender_id, client_msg_id)
);
-- Conversation pages by keyset: company, pair, then id.
CREATE INDEX chat_message_conversation_ix ON chat_message (company_id, user_low, user_high, id);
-- Unread counts per (receiver, sender); H2 has no partial indexes.
CREATE INDEX chat_message_unread_ix ON chat_message (receiver_id, sender_id);
-- Catch-up: everything to or from a user after an id.
CREATE INDEX chat_message_sender_ix ON chat_message (sender_id, id);
CREATE INDEX chat_message_receiver_ix ON chat_message (receiver_id, id);

CREATE TABLE online_status (
  user_id   BIGINT PRIMARY KEY REFERENCES user_account (id),
  is_online BOOLEAN NOT NULL,
  last_seen TIMESTAMP WITH TIME ZONE
);
