-- The body's relationship (employer, professional or character) is stored in kind. The free
-- text that referees given before this revision were described with stays theirs (shown in a
-- subject access export, erased with them); new referees have none.
ALTER TABLE referees RENAME COLUMN relationship TO described_relationship;
ALTER TABLE referees ALTER COLUMN described_relationship DROP NOT NULL;
ALTER TABLE referees ALTER COLUMN organisation DROP NOT NULL;
