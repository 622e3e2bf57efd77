"""Record linkage: duplicates in the protection registry, family tracing, and linking any list
from the command line, on Splink (Fellegi-Sunter, trained without labels)."""
