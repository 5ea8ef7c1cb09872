"""chapter layer."""
