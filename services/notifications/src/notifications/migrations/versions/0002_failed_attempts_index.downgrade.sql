DROP INDEX delivery_attempts_failed;
