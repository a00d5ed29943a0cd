from tests.support.api import Api


def test_health_answers_ok(api: Api) -> None:
    reply = api.get("/health")
    assert reply.status == 200
    assert reply.body == {"status": "ok"}


def test_patient_registers_logs_in_and_reads_profile(api: Api, patient_token: str) -> None:
    reply = api.get("/me", token=patient_token)
    assert reply.status == 200, reply.body
    assert reply.body["email"] == "pat@example.com"
