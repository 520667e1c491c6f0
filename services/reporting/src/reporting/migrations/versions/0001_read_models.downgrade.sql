DROP TABLE offer_outcomes, application_outcomes, delivery_failures, vacancies, councils, programmes, application_facts, consumed_positions;
