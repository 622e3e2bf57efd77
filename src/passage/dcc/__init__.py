"""EU Digital COVID Certificates (DCC): the pure verifier (`verifier/`), the trust lists of
signer certificates and the value sets an administrator imports, and the one verification used
by port health at a point of entry and by the journey check ("Can I travel?")."""
