"""Planning mobile ID-card (CCCD) intake teams against a deadline."""
