"""A delivery service as a platform partner: it signs its token requests with its own key
(private_key_jwt), asks for the residents who consented to deliveries and the items they
agreed to, and reads the shelters' counts. See README.md beside this file."""
