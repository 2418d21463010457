"""Models of the employers app."""
