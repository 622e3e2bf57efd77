"""Health certificates: EU Digital COVID Certificate decoding and verification."""
