DROP TABLE placement_outcomes;
