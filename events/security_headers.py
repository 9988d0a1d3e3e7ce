"""Response headers that limit what a page may do: Content-Security-Policy (scripts, styles,
fonts and images from Plenaria itself only; no inline script or style), Permissions-Policy
(the camera for the check-in scanner, nothing else), HSTS over HTTPS, and the classic ones.

The pages satisfy the policy: every script is a file under static/js or static/vendor, and
no template carries a `style` or `on…` attribute (the browser tests fail on any violation).
"""

from __future__ import annotations

from flask import Flask, Response, request

# 'self' for what the pages load; nothing may frame them, forms post only to Plenaria, and
# <base> cannot redirect relative links.
CONTENT_SECURITY_POLICY = "; ".join((
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "media-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
))

# The check-in page reads badges with the camera; no page needs any other device.
PERMISSIONS_POLICY = ", ".join((
    "camera=(self)",
    "microphone=()",
    "geolocation=()",
    "payment=()",
    "usb=()",
    "serial=()",
    "bluetooth=()",
    "magnetometer=()",
    "gyroscope=()",
    "accelerometer=()",
    "display-capture=()",
    "interest-cohort=()",
))


def init_app(app: Flask) -> None:
    """Send the headers on every response; with HTTPS_ONLY, cookies are marked Secure."""
    if app.config.get("HTTPS_ONLY"):
        app.config.update(SESSION_COOKIE_SECURE=True, REMEMBER_COOKIE_SECURE=True,
                          PREFERRED_URL_SCHEME="https")

    @app.after_request
    def security_headers(response: Response) -> Response:
        headers = response.headers
        headers.setdefault("Content-Security-Policy", app.config["CONTENT_SECURITY_POLICY"])
        headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        headers.setdefault("X-Content-Type-Options", "nosniff")
        headers.setdefault("Referrer-Policy", "same-origin")
        headers.setdefault("X-Frame-Options", "DENY")
        headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        # Over plain HTTP the header means nothing (browsers ignore it), so it is sent on
        # secure requests, and on every one once the site is HTTPS only (behind a proxy
        # that does not say the request was secure).
        if request.is_secure or app.config.get("HTTPS_ONLY"):
            headers.setdefault("Strict-Transport-Security",
                               f"max-age={app.config['HSTS_SECONDS']}; includeSubDomains")
        return response
