"""The bot's HTTP clients: Telegram's certificate is checked, with one TLS context per process
(loading the CA bundle for every client cost each start ~100 ms), and the timeouts are the
setting's."""

from __future__ import annotations

import ssl

from bot.app import bot_request, tls_context


def test_certificates_are_checked_and_the_context_is_loaded_once() -> None:
    context = tls_context()
    assert context.verify_mode is ssl.CERT_REQUIRED
    assert context.check_hostname
    assert tls_context() is context
    assert context.cert_store_stats()["x509_ca"] > 0, "a CA bundle is loaded"


def test_the_bots_calls_wait_as_long_as_the_setting_says() -> None:
    assert bot_request(7.5).read_timeout == 7.5
    assert bot_request(None).read_timeout == 5.0  # python-telegram-bot's, plus the long poll
