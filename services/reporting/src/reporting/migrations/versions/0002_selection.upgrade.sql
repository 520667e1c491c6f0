ALTER TABLE application_outcomes
    ADD COLUMN invited boolean NOT NULL DEFAULT false,
    ADD COLUMN assessed boolean NOT NULL DEFAULT false,
    ADD COLUMN interviewed boolean NOT NULL DEFAULT false,
    ADD COLUMN selection text,
    ADD COLUMN selection_reasons text[] NOT NULL DEFAULT '{}';
