"""Entry rules: EU DCC business rules expressed in CertLogic, and the engine that runs them."""
