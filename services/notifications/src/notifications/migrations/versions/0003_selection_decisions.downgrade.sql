DROP TABLE selection_decisions;
