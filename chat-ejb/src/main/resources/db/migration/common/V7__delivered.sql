-- CONTRACT §6.2: when the receiver's client said it had the message; set once, never moved back.
ALTER TABLE chat_message ADD COLUMN delivered_at TIMESTAMP WITH TIME ZONE;
