-- Each chat's queue in sending order, so the sender finds the head of every chat's queue with
-- one index seek per chat instead of sorting every pending message each time it looks.

CREATE INDEX outbox_chat_queue ON outbox (chat_id, urgency = 'scheduled', not_before, id)
    WHERE status = 'pending';
