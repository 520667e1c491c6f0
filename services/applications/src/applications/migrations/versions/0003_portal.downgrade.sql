DROP TABLE applicant_sessions, sign_in_links, drafts;
DROP INDEX applicant_contacts_email;
