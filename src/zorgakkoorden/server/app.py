"""The web application: the SPARQL 1.1 Protocol at ``/sparql``, the query page, the static site.

Built on Starlette (served by uvicorn). Routes:

- ``GET|POST /sparql``: the SPARQL 1.1 Protocol (query operation only; updates get 403);
- ``GET /``: the query page (YASGUI, from vendored files) with the catalogue as examples;
- ``GET /examples.json``: the catalogue queries the page offers; ``/prefixes.json``: our prefixes;
- ``GET /health``: a small JSON status;
- ``/static/...``: the page's own files; ``/site/...``: the static site, when one is given.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import Coroutine, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Receive, Scope, Send

from .engines import Dataset

STATIC_DIR = Path(__file__).resolve().parent / "static"
DEFAULT_MAX_REQUEST_BYTES = 1_000_000

FORM_TYPE = "application/x-www-form-urlencoded"
QUERY_TYPE = "application/sparql-query"
UPDATE_TYPE = "application/sparql-update"

# the query page may load only what this server serves
PAGE_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; "
    "form-action 'self'"
)


class ProtocolError(Exception):
    """A request that breaks the protocol: answered with its status and message."""

    def __init__(self, status: int, message: str):
        self.status = status
        self.message = message
        super().__init__(message)


def _error(status: int, message: str, headers: dict[str, str] | None = None) -> Response:
    return PlainTextResponse(message.rstrip("\n") + "\n", status_code=status, headers=headers)


def _parse_params(raw: bytes, where: str) -> list[tuple[str, str]]:
    """Percent-decoded parameters of a query string or a form body; invalid UTF-8 is a 400."""
    try:
        text = raw.decode("ascii")
    except UnicodeDecodeError as exc:
        raise ProtocolError(400, f"the {where} holds bytes that are not percent-encoded") from exc
    try:
        return parse_qsl(text, keep_blank_values=True, encoding="utf-8", errors="strict")
    except UnicodeDecodeError as exc:
        raise ProtocolError(400, f"the {where} is not UTF-8 once percent-decoded") from exc
    except ValueError as exc:
        raise ProtocolError(400, f"the {where} cannot be read: {exc}") from exc


def _media_type(header: str | None) -> tuple[str, dict[str, str]]:
    if not header:
        return "", {}
    media, *params = header.split(";")
    parsed: dict[str, str] = {}
    for param in params:
        name, _, value = param.partition("=")
        parsed[name.strip().lower()] = value.strip().strip('"').lower()
    return media.strip().lower(), parsed


async def _read_body(request: Request, limit: int) -> bytes:
    length = request.headers.get("content-length")
    if length is not None:
        try:
            declared = int(length)
        except ValueError as exc:
            raise ProtocolError(400, "the Content-Length header is not a number") from exc
        if declared > limit:
            raise ProtocolError(413, f"the request body is larger than {limit} bytes, the limit of this endpoint")
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise ProtocolError(413, f"the request body is larger than {limit} bytes, the limit of this endpoint")
        chunks.append(chunk)
    return b"".join(chunks)


def _one(params: list[tuple[str, str]], name: str) -> list[str]:
    return [value for key, value in params if key == name]


class SparqlEndpoint:
    """The ``/sparql`` handler: reads a protocol request, runs it in the pool, answers.

    Args:
        pool: the worker pool (:mod:`.workers`).
        max_request_bytes: the largest query text or request body taken.
    """

    def __init__(self, pool: Any, max_request_bytes: int = DEFAULT_MAX_REQUEST_BYTES):
        self.pool = pool
        self.max_request_bytes = max_request_bytes

    async def respond(self, request: Request) -> Response:
        """Answer one request to ``/sparql``."""
        try:
            return await self._handle(request)
        except ProtocolError as exc:
            return _error(exc.status, exc.message)

    async def _request_params(self, request: Request) -> tuple[list[tuple[str, str]], str | None]:
        """The protocol parameters and the query text of a request (None when not given)."""
        url_params = _parse_params(request.scope.get("query_string", b""), "query string")
        if request.method == "GET":
            if _one(url_params, "update"):
                raise ProtocolError(403, "this endpoint is read-only: SPARQL update is refused (and never over GET)")
            queries = _one(url_params, "query")
            if len(queries) > 1:
                raise ProtocolError(400, "give exactly one query parameter")
            return url_params, queries[0] if queries else None
        media, params = _media_type(request.headers.get("content-type"))
        if media == UPDATE_TYPE:
            raise ProtocolError(403, "this endpoint is read-only: SPARQL update is refused")
        if media not in (FORM_TYPE, QUERY_TYPE):
            shown = media or "none"
            raise ProtocolError(
                415,
                f"POST a query as {FORM_TYPE} (query=...) or as {QUERY_TYPE}; the content type was {shown}",
            )
        charset = params.get("charset")
        if charset and charset not in ("utf-8", "utf8"):
            raise ProtocolError(415, f"the request body must be UTF-8, not {charset}")
        body = await _read_body(request, self.max_request_bytes)
        if media == FORM_TYPE:
            form = _parse_params(body, "form body")
            if _one(form, "update"):
                raise ProtocolError(403, "this endpoint is read-only: SPARQL update is refused")
            queries = _one(form, "query") + _one(url_params, "query")
            if len(queries) > 1:
                raise ProtocolError(400, "give exactly one query parameter")
            return url_params + [(k, v) for k, v in form if k != "query"], queries[0] if queries else None
        if _one(url_params, "query"):
            raise ProtocolError(400, f"a {QUERY_TYPE} request carries its query in the body, not in the URL")
        try:
            return url_params, body.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise ProtocolError(400, f"the query is not UTF-8 (byte {exc.start})") from exc

    async def _handle(self, request: Request) -> Response:
        params, text = await self._request_params(request)
        if text is None:
            if request.method == "GET" and "text/html" in request.headers.get("accept", ""):
                return RedirectResponse("/", status_code=303)
            raise ProtocolError(400, "missing the query parameter: give a SPARQL query as ?query=...")
        if len(text.encode("utf-8")) > self.max_request_bytes:
            raise ProtocolError(413, f"the query is longer than {self.max_request_bytes} bytes, the limit of this endpoint")
        if not text.strip():
            raise ProtocolError(400, "the query is empty")
        default_graphs = tuple(_one(params, "default-graph-uri"))
        named_graphs = tuple(_one(params, "named-graph-uri"))
        dataset = Dataset(default_graphs, named_graphs) if default_graphs or named_graphs else None
        answer = await run_while_connected(request, self.pool.run(text, request.headers.get("accept"), dataset))
        if answer is None:  # the client hung up: its query was stopped, nobody reads an answer
            return Response(b"", status_code=499)
        headers = dict(answer.headers)
        headers["Cache-Control"] = "no-store"
        media_type = answer.media_type
        if media_type.startswith("text/"):
            media_type += "; charset=utf-8"
        return Response(answer.body, status_code=answer.status, media_type=media_type, headers=headers)


async def _disconnected(request: Request) -> None:
    """Return once the client has gone (the ASGI server sends ``http.disconnect``)."""
    while True:
        message = await request.receive()
        if message["type"] == "http.disconnect":
            return


async def run_while_connected(request: Request, work: Coroutine[Any, Any, Any]) -> Any:
    """Await ``work`` while the client stays; cancel it (and return None) when the client hangs up.

    Cancelling the pool's ``run`` takes a queued query out of the queue and kills the worker
    of a running one (a fresh worker takes its place).

    Args:
        request: the request (its body already read).
        work: the coroutine that answers it.
    """
    task = asyncio.ensure_future(work)
    watcher = asyncio.ensure_future(_disconnected(request))
    try:
        await asyncio.wait({task, watcher}, return_when=asyncio.FIRST_COMPLETED)
    except asyncio.CancelledError:
        task.cancel()
        watcher.cancel()
        raise
    if task.done():
        watcher.cancel()
        return task.result()
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await task
    return None


LOOPBACK_NAMES = ("localhost", "127.0.0.1", "::1")
WILDCARD_ADDRESSES = ("0.0.0.0", "::", "")


def host_name(header: str) -> str:
    """The name in a Host header, without the port and the brackets of an IPv6 address, lower-cased.

    Args:
        header: the Host header's value (``name``, ``name:port``, ``[::1]:port``).
    """
    header = header.strip().lower()
    if header.startswith("["):
        return header[1 : header.find("]")] if "]" in header else header[1:]
    if header.count(":") == 1:
        return header.split(":", 1)[0]
    return header


def _is_ip(name: str) -> bool:
    import ipaddress

    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True


def _is_loopback(name: str) -> bool:
    import ipaddress

    if name == "localhost" or name.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


class HostAndOriginGuard:
    """ASGI middleware: the Host header must name this server (a defence against DNS rebinding),
    and a POST from a page of another origin is refused unless that origin was allowed (CORS).

    Allowed hosts: loopback names and addresses, the address the server is bound to, the
    names given with ``--allow-host``; when bound to every address (0.0.0.0, ::), any IP
    address too (DNS rebinding needs a name). Cross-origin requests from the origins given
    with ``--cors-origin`` get CORS headers (Starlette's CORSMiddleware, inside this one).

    Args:
        app: the application.
        bound_host: the address ``serve`` listens on.
        allowed_hosts: further host names to take.
        cors_origins: origins (``https://example.org``) allowed to query from their pages; ``*`` for any.
    """

    def __init__(self, app: ASGIApp, bound_host: str = "127.0.0.1", allowed_hosts: Sequence[str] = (), cors_origins: Sequence[str] = ()):
        self.app = app
        self.bound = host_name(bound_host) if bound_host not in WILDCARD_ADDRESSES else ""
        self.any_ip = bound_host in WILDCARD_ADDRESSES
        self.names = {name.lower() for name in LOOPBACK_NAMES} | {host_name(h) for h in allowed_hosts}
        if self.bound:
            self.names.add(self.bound)
        self.cors_origins = {origin.rstrip("/").lower() for origin in cors_origins}

    def host_allowed(self, name: str) -> bool:
        """Whether a Host header's name names this server."""
        return name in self.names or _is_loopback(name) or (self.any_ip and _is_ip(name))

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {name.decode("latin-1").lower(): value.decode("latin-1") for name, value in scope.get("headers", [])}
        host = headers.get("host")
        if host is not None and not self.host_allowed(host_name(host)):
            shown = host_name(host)[:100]
            await _error(
                400,
                f"the Host header {shown!r} does not name this server; if it does, start serve with --allow-host {shown} "
                "(a defence against DNS rebinding)",
            )(scope, receive, send)
            return
        origin = headers.get("origin")
        if scope.get("method") not in ("GET", "HEAD", "OPTIONS") and self._cross_origin(origin, host, headers):
            await _error(
                403,
                f"a POST from a page of another origin ({(origin or 'unknown')[:100]}) is refused; to let that site query "
                "this endpoint, start serve with --cors-origin ORIGIN",
            )(scope, receive, send)
            return
        await self.app(scope, receive, send)

    def _cross_origin(self, origin: str | None, host: str | None, headers: dict[str, str]) -> bool:
        if origin is None or origin == "null":
            # no Origin: a client that is not a browser (curl, SPARQLWrapper), unless the browser says cross-site
            return origin == "null" or headers.get("sec-fetch-site") == "cross-site"
        origin = origin.rstrip("/").lower()
        if "*" in self.cors_origins or origin in self.cors_origins:
            return False
        if host is None:
            return True
        return origin not in (f"http://{host.lower()}", f"https://{host.lower()}")


class SecurityHeaders:
    """ASGI middleware: ``nosniff`` on every answer, and no framing."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: dict) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                names = {name.lower() for name, _ in headers}
                if b"x-content-type-options" not in names:
                    headers.append((b"x-content-type-options", b"nosniff"))
                if b"x-frame-options" not in names:
                    headers.append((b"x-frame-options", b"DENY"))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)


def create_app(
    pool: Any,
    *,
    examples: Sequence[dict[str, str]] = (),
    site_dir: Path | str | None = None,
    info: dict[str, Any] | None = None,
    max_request_bytes: int = DEFAULT_MAX_REQUEST_BYTES,
    bound_host: str = "127.0.0.1",
    allowed_hosts: Sequence[str] = (),
    cors_origins: Sequence[str] = (),
) -> Starlette:
    """The Starlette application of ``zorgakkoorden serve``.

    Args:
        pool: the worker pool that runs the queries (started at start-up if not yet).
        examples: the query page's examples: dicts with ``name``, ``title`` and ``query``.
        site_dir: a folder to serve under ``/site/`` (the static site), or None.
        info: what ``/health`` reports besides the status (store, triples, limits).
        max_request_bytes: the largest query text or request body taken.
        bound_host: the address served on (its name is a host the Host header may give).
        allowed_hosts: more names the Host header may give (``--allow-host``).
        cors_origins: origins whose pages may query the endpoint (``--cors-origin``).
    """

    endpoint = SparqlEndpoint(pool, max_request_bytes)
    from ..namespaces import PREFIXES

    examples_body = json.dumps(list(examples), ensure_ascii=False, sort_keys=True).encode("utf-8")
    prefixes_body = json.dumps({p: str(ns) for p, ns in PREFIXES.items()}, sort_keys=True).encode("utf-8")
    health = {"status": "ok", **(info or {})}

    async def page(request: Request) -> Response:
        return FileResponse(STATIC_DIR / "index.html", headers={"Content-Security-Policy": PAGE_POLICY, "Cache-Control": "no-cache"})

    async def examples_json(request: Request) -> Response:
        return Response(examples_body, media_type="application/json")

    async def prefixes_json(request: Request) -> Response:
        return Response(prefixes_body, media_type="application/json")

    async def health_json(request: Request) -> Response:
        return JSONResponse(
            {
                **health,
                "workers": getattr(pool, "kind", "?"),
                "restarts": getattr(pool, "restarts", 0),
                "cancelled": getattr(pool, "cancelled", 0),
            }
        )

    routes: list[Any] = [
        Route("/sparql", endpoint.respond, methods=["GET", "POST"]),
        Route("/sparql/", endpoint.respond, methods=["GET", "POST"]),
        Route("/", page, methods=["GET"]),
        Route("/examples.json", examples_json, methods=["GET"]),
        Route("/prefixes.json", prefixes_json, methods=["GET"]),
        Route("/health", health_json, methods=["GET"]),
        Mount("/static", app=StaticFiles(directory=STATIC_DIR), name="static"),
    ]
    if site_dir is not None:
        site = Path(site_dir)
        if not site.is_dir():
            raise NotADirectoryError(f"{site}: no such folder (the static site to serve)")
        routes.append(Route("/site", lambda request: RedirectResponse("/site/", status_code=308)))
        routes.append(Mount("/site", app=StaticFiles(directory=site, html=True), name="site"))

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette):
        pool.start()
        try:
            yield
        finally:
            pool.close()

    middleware = [
        Middleware(SecurityHeaders),
        Middleware(HostAndOriginGuard, bound_host=bound_host, allowed_hosts=allowed_hosts, cors_origins=cors_origins),
    ]
    if cors_origins:
        from starlette.middleware.cors import CORSMiddleware

        middleware.append(
            Middleware(
                CORSMiddleware,
                allow_origins=list(cors_origins),
                allow_methods=["GET", "POST"],
                allow_headers=["Accept", "Content-Type"],
            )
        )
    return Starlette(routes=routes, middleware=middleware, lifespan=lifespan)
