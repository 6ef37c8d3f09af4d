"""The `$1$` signature against python-ovh's published test vectors (ovh-api.md §5.2)."""

import pytest

from efs_tui.api.auth import (
    ENDPOINTS,
    ApplicationCredentials,
    OAuth2Credentials,
    netapp_access_rules,
    resolve_endpoint,
    signature,
)
from efs_tui.api.errors import InvalidConfiguration

AS = "9ufkBmLaTQ9nz5yMUlg79taH0GNnzDjk"
CK = "5mBuy6SUQcRw2ZUxg0cG68BoDKpED4KY"
TS = 1457018875
BODY = '{"a":"b","c":"d"}'


@pytest.mark.parametrize(
    ("method", "url", "body", "expected"),
    [
        ("GET", "https://eu.api.ovh.com/1.0/auth", "", "$1$e9556054b6309771395efa467c22e627407461ad"),
        ("POST", "https://eu.api.ovh.com/1.0/auth", BODY, "$1$ec2fb5c7a81f64723c77d2e5b609ae6f58a84fc1"),
        ("PUT", "https://eu.api.ovh.com/1.0/auth", BODY, "$1$8a75a9e7c8e7296c9dbeda6a2a735eb6bd58ec4b"),
        ("DELETE", "https://eu.api.ovh.com/1.0/auth", "", "$1$a1eecd00b3b02b6cf5708b84b9ff42059a950d85"),
        ("GET", "https://eu.api.ovh.com/1.0/call", "", "$1$7f2db49253edfc41891023fcd1a54cf61db05fbb"),
        ("GET", "https://eu.api.ovh.com/v1/call", "", "$1$e6e7906d385eb28adcbfbe6b66c1528a42d741ad"),
        ("GET", "https://eu.api.ovh.com/v2/call", "", "$1$bb63b132a6f84ad5433d0c534d48d3f7c3804285"),
    ],
)
def test_signature_matches_published_vectors(method: str, url: str, body: str, expected: str) -> None:
    assert signature(AS, CK, method, url, body, TS) == expected
    assert signature(AS, CK, method.lower(), url, body.encode(), str(TS)) == expected


def test_signature_covers_the_query_string() -> None:
    base = "https://eu.api.ovh.com/1.0/storage/netapp/x/share"
    assert signature(AS, CK, "GET", base, "", TS) != signature(AS, CK, "GET", base + "?detail=true", "", TS)


def test_named_endpoints_and_custom_urls() -> None:
    assert resolve_endpoint("ovh-eu").base_url == "https://eu.api.ovh.com/1.0"
    assert resolve_endpoint("ovh-ca").token_url == "https://ca.ovh.com/auth/oauth2/token"
    assert resolve_endpoint("kimsufi-eu").token_url is None
    assert set(ENDPOINTS) >= {
        "ovh-eu",
        "ovh-ca",
        "ovh-us",
        "kimsufi-eu",
        "kimsufi-ca",
        "soyoustart-eu",
        "soyoustart-ca",
    }
    custom = resolve_endpoint("http://127.0.0.1:8099/1.0/")
    assert custom.base_url == "http://127.0.0.1:8099/1.0"
    assert custom.token_url == "http://127.0.0.1:8099/auth/oauth2/token"
    with pytest.raises(InvalidConfiguration, match="Unknown endpoint"):
        resolve_endpoint("ovh-mars")


def test_credentials_never_show_secrets() -> None:
    app = ApplicationCredentials("ak-public", "as-secret-value", "ck-secret-value")
    oauth = OAuth2Credentials("client-id", "client-secret-value")
    for text in (repr(app), str(app), repr(oauth), str(oauth)):
        assert "secret-value" not in text
    assert app.redact("x as-secret-value y ck-secret-value") == "x *** y ***"
    assert oauth.redact("client-secret-value") == "***"


def test_access_rules_cover_exactly_netapp() -> None:
    rules = netapp_access_rules()
    assert {(r["method"], r["path"]) for r in rules} == {
        (m, p) for m in ("GET", "POST", "PUT", "DELETE") for p in ("/storage/netapp", "/storage/netapp/*")
    }
    assert {r["method"] for r in netapp_access_rules(read_only=True)} == {"GET"}
