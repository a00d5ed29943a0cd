"""What the tests import besides pytest's fixtures: fakes, clients, builders and constants.

conftest.py files hold fixtures (and hooks) only; everything a test or a fixture calls by name lives here:

- ``fakes``: the clock, mailer and WebSocket sender that hold state, in place of the real adapters.
- ``world``: the moto account the integration fixtures build (copies of the empty tables, the fakes in place).
- ``api``: the JSON client over ``chalice.test.Client`` and DocSpot's error shape.
- ``accounts``: patients, doctors and specialties made through the HTTP API.
- ``booking``: slots written straight into the table.
- ``records``: appointments written straight into the table (past ones too) and a record's access entries.
- ``mail``: mail read back from moto's SES, and a switchable SES mailer.
- ``ws``: API Gateway WebSocket events handed to the app through the test client.
- ``emulator`` and ``ws_app``: the local stack's WebSocket API run on its own, and the small app behind it.
- ``stack``: a spawned local stack spoken to over real HTTP.
- ``browser`` and ``portal``: what the browser journeys share.
- ``infra``: the packaged stack (build/<stage>) and its resources.
"""
