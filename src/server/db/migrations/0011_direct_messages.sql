-- Direct messages: a conversation is a forum thread (TLP:RED to its participants) in the one channel of kind 'direct',
-- created with the first conversation. Each new message notifies the other participants ('direct_message').

ALTER TABLE channels DROP CONSTRAINT channels_kind_check;
ALTER TABLE channels ADD CONSTRAINT channels_kind_check CHECK (kind IN ('topic', 'device_class', 'group', 'direct'));
CREATE UNIQUE INDEX channels_one_direct_idx ON channels (kind) WHERE kind = 'direct';
-- Channel names are unique among the listed channels only, so no channel name can stop the direct channel's creation.
DROP INDEX channels_name_idx;
CREATE UNIQUE INDEX channels_name_idx ON channels (lower(name)) WHERE kind <> 'direct';

-- "My conversations" finds the threads that name me (recipient_person_ids @> ARRAY[me]).
CREATE INDEX threads_recipient_people_idx ON threads USING gin (recipient_person_ids);

ALTER TABLE notifications DROP CONSTRAINT notifications_kind_check;
ALTER TABLE notifications ADD CONSTRAINT notifications_kind_check
  CHECK (kind IN ('mention', 'reply', 'retraction', 'correction', 'direct_message'));
