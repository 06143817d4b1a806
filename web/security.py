"""What keeps a public web app over the archive safe: CSRF on forms, the admin token, body caps.

CSRF is the double-submit rule: a page with a form sets a random `tw_csrf` cookie
(SameSite=Strict, HttpOnly) and puts the same value in a hidden field; a POST is accepted
only when both are present and equal. A forged cross-site form cannot read the cookie,
so it cannot send the field. The one exception is RFC 8058's one-click unsubscribe,
which a mail provider POSTs without any cookie: there the unguessable token in the URL
is the credential.

The app is read-only unless TARGETWATCH_ADMIN_TOKEN is set; then the admin actions want
that token, as `Authorization: Bearer <token>` or a form field `admin_token`.
"""
from __future__ import annotations

import secrets
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from starlette.exceptions import HTTPException

CSRF_COOKIE = "tw_csrf"
CSRF_FIELD = "csrf_token"
ADMIN_FIELD = "admin_token"

MAX_UPLOAD_BYTES = 8 * 1024 * 1024
"""A work report is 20-300 KB as text and a few MB as PDF; a larger upload is refused with 413."""
MAX_FORM_BYTES = 64 * 1024
"""Forms without a file (unsubscribe, admin actions) are a few hundred bytes."""


def new_csrf_token() -> str:
    return secrets.token_urlsafe(24)


def csrf_ok(cookie: str | None, field: str | None) -> bool:
    return bool(cookie) and bool(field) and secrets.compare_digest(str(cookie), str(field))


def admin_ok(configured: str | None, presented: str | None) -> bool:
    """True only when an admin token is configured and the same one was presented."""
    if not configured or not presented:
        return False
    return secrets.compare_digest(configured.encode(), presented.encode())


def bearer(authorization: str | None) -> str | None:
    if not authorization:
        return None
    scheme, _, value = authorization.partition(" ")
    return value.strip() or None if scheme.lower() == "bearer" else None


Scope = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[MutableMapping[str, Any]]]
Send = Callable[[MutableMapping[str, Any]], Awaitable[None]]


class BodyLimit:
    """ASGI middleware: a request body over the cap is answered 413 before it is all read.

    Content-Length is checked first; a chunked body is counted as it arrives, so a client
    that lies or sends no length still cannot make the app buffer more than the cap.
    """

    def __init__(self, app: Callable[..., Awaitable[None]], *, upload_limit: int = MAX_UPLOAD_BYTES,
                 form_limit: int = MAX_FORM_BYTES, upload_paths: tuple[str, ...] = ("/compare",),
                 text: Callable[[Scope, int], str] | None = None) -> None:
        self.app = app
        self.upload_limit = upload_limit
        self.form_limit = form_limit
        self.upload_paths = upload_paths
        self.text = text or (lambda scope, limit: _too_large_text(limit))
        """What the refusal says, in the request's language (the app passes its page words)."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        # the path below the root path, so /en/compare (root path /en) takes uploads as /compare does
        path, root = scope["path"], scope.get("root_path", "").rstrip("/")
        route = path[len(root):] if root and path.startswith(root + "/") else path
        limit = self.upload_limit if route in self.upload_paths else self.form_limit
        length = dict(scope.get("headers") or []).get(b"content-length")
        if length is not None and (not length.isdigit() or int(length) > limit):
            await _too_large(send, self.text(scope, limit))
            return
        seen = 0

        async def counted() -> MutableMapping[str, Any]:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    # raised inside the endpoint's read, so the app's own handler answers it
                    raise HTTPException(413, self.text(scope, limit))
            return message

        await self.app(scope, counted, send)


def _too_large_text(limit: int) -> str:
    return (f"The request is over the limit of {limit // 1024} KB. "
            "A work report as text is well under 1 MB; send the text rather than a scan.")


async def _too_large(send: Send, text: str) -> None:
    body = (text + "\n").encode()
    await send({"type": "http.response.start", "status": 413,
                "headers": [(b"content-type", b"text/plain; charset=utf-8"),
                            (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})
