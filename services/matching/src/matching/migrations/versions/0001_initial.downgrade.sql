DROP TABLE offers, applicants, vacancies, council_keys, councils, programmes;
