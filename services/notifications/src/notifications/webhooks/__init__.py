"""Council webhooks: signing secrets, Standard Webhooks signatures."""
