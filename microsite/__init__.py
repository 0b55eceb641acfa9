"""Pain clinic microsite."""
