"""Alert lists (watch lists, lost and stolen documents), screening and hit resolution."""
