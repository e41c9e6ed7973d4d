-- Cluster-wide presence: each instance heartbeats; each keeps the count of its open sockets per
-- user. A user is online while a live instance holds a socket of theirs; the rows of an
-- instance that stopped heartbeating (killed) are swept by the survivors.
CREATE TABLE server_instance (
  id           VARCHAR(36) PRIMARY KEY,
  heartbeat_at TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE TABLE socket_presence (
  instance_id VARCHAR(36) NOT NULL,
  user_id     BIGINT      NOT NULL REFERENCES user_account (id),
  sockets     INTEGER     NOT NULL,
  PRIMARY KEY (instance_id, user_id)
);
CREATE INDEX socket_presence_user_ix ON socket_presence (user_id);
