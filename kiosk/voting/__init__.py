"""Early voting at the polling place (docs/design.md §5): the local roll, declarations, ballot
issue.

Qt-free. The screens call :class:`kiosk.voting.desk.VotingDesk`; sync/ writes what the platform
sends through :mod:`kiosk.voting.roll`.
"""
