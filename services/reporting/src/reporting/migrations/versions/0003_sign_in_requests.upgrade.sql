CREATE TABLE sign_in_requests (
    sign_in_request_id uuid PRIMARY KEY,
    requested_at timestamptz NOT NULL
);
