"""Feature layer: sharing, the emergency card and the per-domain views of the records."""
