DROP TABLE sign_in_requests;
