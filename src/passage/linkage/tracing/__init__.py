"""Family tracing: a request for a missing family member matched against the registered
persons whose consent allows tracing (and children, in their best interests), reviewed by a
case worker; the requester learns only what the found person agreed to share."""
