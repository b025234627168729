"""Peer planners for the bench: same exported inputs as the product, plan.csv in the same format."""
