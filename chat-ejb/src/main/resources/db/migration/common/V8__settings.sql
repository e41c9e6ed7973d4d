-- CONTRACT §6.2: a user's settings. read_receipts false: no messages_read to others, none from them.
ALTER TABLE user_account ADD COLUMN read_receipts BOOLEAN DEFAULT TRUE NOT NULL;
