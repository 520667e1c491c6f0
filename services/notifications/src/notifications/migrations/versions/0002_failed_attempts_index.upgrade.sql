CREATE INDEX delivery_attempts_failed ON delivery_attempts (started_at DESC) WHERE outcome = 'failed';
