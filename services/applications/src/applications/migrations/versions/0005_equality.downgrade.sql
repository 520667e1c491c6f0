DROP TABLE equality_answers;
