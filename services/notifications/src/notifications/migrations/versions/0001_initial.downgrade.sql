DROP TABLE programmes, councils, offer_councils, delivery_attempts, deliveries, subscriptions;
