"""Compare: build the synopsis of one story."""
