"""The local stack sends the site's security headers as CloudFront does in AWS (infra/template.json): the same
policy, with only what names AWS replaced by its local counterpart."""

from __future__ import annotations

from local.site_headers import production_policy, site_headers


def directives(policy: str) -> dict[str, list[str]]:
    return {name: sources for name, *sources in (d.split() for d in policy.split(";") if d.strip())}


def test_the_local_policy_is_the_productions_with_local_origins() -> None:
    production = production_policy()["SecurityHeadersConfig"]["ContentSecurityPolicy"]["ContentSecurityPolicy"]
    headers = site_headers(host="127.0.0.1:8000", storage_origin="http://127.0.0.1:5000")
    local, aws = directives(headers["Content-Security-Policy"]), directives(production["Fn::Sub"])

    assert set(local) == set(aws) - {"upgrade-insecure-requests"}
    for name, sources in local.items():
        kept = [s for s in aws[name] if "${" not in s and "execute-api" not in s]
        assert [s for s in sources if s not in ("http://127.0.0.1:5000", "ws://127.0.0.1:8000")] == kept, name
    assert "ws://127.0.0.1:8000" in local["connect-src"]
    assert "http://127.0.0.1:5000" in local["connect-src"]


def test_scripts_run_only_from_the_site_and_nothing_may_frame_it() -> None:
    policy = directives(
        site_headers(host="localhost:9000", storage_origin="http://127.0.0.1:5000")["Content-Security-Policy"]
    )

    assert policy["script-src"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert "'unsafe-inline'" in policy["style-src"]  # Mantine's runtime styles; never for scripts


def test_the_other_security_headers_are_sent_too() -> None:
    headers = site_headers(host="127.0.0.1:8000", storage_origin="http://127.0.0.1:5000")

    assert headers["Strict-Transport-Security"].startswith("max-age=63072000")
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"


def test_only_the_embeddable_booking_page_may_be_framed_locally_too() -> None:
    embed = site_headers(host="127.0.0.1:8000", storage_origin="http://127.0.0.1:5000", path="/embed/d/anna-berg")
    page = site_headers(host="127.0.0.1:8000", storage_origin="http://127.0.0.1:5000", path="/d/anna-berg")
    framed, strict = directives(embed["Content-Security-Policy"]), directives(page["Content-Security-Policy"])

    # https sites as in AWS, and http ones because the local site and the pages that embed it are plain HTTP
    assert framed["frame-ancestors"] == ["http:", "https:"]
    assert "X-Frame-Options" not in embed and page["X-Frame-Options"] == "DENY"
    assert {k: v for k, v in framed.items() if k != "frame-ancestors"} == {
        k: v for k, v in strict.items() if k != "frame-ancestors"
    }
