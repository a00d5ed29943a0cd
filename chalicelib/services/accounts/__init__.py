"""Accounts: sign-up and profiles (``users``), password hashing (``passwords``), JWTs (``tokens``), log-in,
refresh and log-out (``sessions``), access-token verification (``authentication``), password reset
(``password_reset``) and the admin's user list (``user_admin``). Mail about accounts is announced, never sent
from here."""
