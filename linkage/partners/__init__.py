"""Sharing personal data with partners (public bodies, companies, NGOs) under residents' consent.

``registry`` holds partners and their purposes, ``credentials`` their OAuth clients, ``oauth``
the token endpoint, ``consents`` the versioned consent definitions, ``access`` what a request
returns, ``disclosures`` the record of every answer, ``pseudonyms`` the pairwise subject ids
and ``aggregates`` the counts a partner may have without consent. docs/decisions/partners.md
explains the choices; docs/protocol/partners.md is the partner's side.
"""
