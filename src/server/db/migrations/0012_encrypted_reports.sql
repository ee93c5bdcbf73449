-- Reports and reporter replies sent as ASCII-armored OpenPGP messages encrypted to the ISAO's key. The armored original
-- is kept as evidence, with the fingerprint of the key that decrypted it; a report's decrypted text is read like its
-- description, a reply's is the message body.

ALTER TABLE reports
  ADD COLUMN encrypted_message text,
  ADD COLUMN encrypted_text text,
  ADD COLUMN encrypted_to text,
  ADD CONSTRAINT reports_encrypted_check
    CHECK ((encrypted_message IS NULL) = (encrypted_text IS NULL) AND (encrypted_message IS NULL) = (encrypted_to IS NULL));

ALTER TABLE report_messages
  ADD COLUMN encrypted_message text,
  ADD COLUMN encrypted_to text,
  ADD CONSTRAINT report_messages_encrypted_check
    CHECK ((encrypted_message IS NULL) = (encrypted_to IS NULL) AND (encrypted_message IS NULL OR author_kind = 'reporter'));
