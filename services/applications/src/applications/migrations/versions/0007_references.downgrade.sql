DROP TABLE referees;
ALTER TABLE applications DROP COLUMN employed_in_last_three_years;
