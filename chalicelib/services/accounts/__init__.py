"""Accounts: sign-up and profiles (``users``), log-in, refresh and log-out (``sessions``), access-token
verification (``authentication``), password reset (``password_reset``), the admin's user list (``user_admin``)
and which mail a user may switch off (``mail_preferences``). Internal: password hashing (``_passwords``) and JWTs
(``_tokens``). Mail about accounts is announced, never sent from here."""
