"""The port-health officer's certificate check at a point of entry: verify a QR code (text or
photo) through `passage.dcc`, keep the check, read it back within the health scope."""
