ALTER TABLE applicants
    ADD COLUMN selection_rank integer,
    ADD COLUMN selected_at timestamptz,
    ADD COLUMN released_at timestamptz;
