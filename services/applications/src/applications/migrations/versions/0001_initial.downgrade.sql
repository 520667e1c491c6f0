DROP TABLE idempotency_keys, timeline_entries, offers, applicant_contacts, applications, programmes;
