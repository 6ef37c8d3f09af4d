"""`efs-tui emulator`: serve a fake OVHcloud API on loopback for demos and manual testing.

It prints ready-to-paste ``export`` lines with the demo credentials (fake data,
so printing them is fine) and runs until Ctrl+C. Non-loopback hosts are refused
unless ``--unsafe-any-host`` is given, because the emulator accepts publicly
known keys and would let anyone on the network drive it.
"""

from __future__ import annotations

import argparse
import ipaddress
import sys
from collections.abc import Callable, Sequence
from typing import TextIO

from .faults import AUTH_ERROR_SHAPES, VOID_SHAPES, FaultConfig
from .seed import DATASETS, seed_dataset
from .server import EmulatorServer
from .state import EmulatorState


def build_parser(prog: str = "efs-tui emulator") -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog=prog)
    configure_parser(parser)
    return parser


def configure_parser(parser: argparse.ArgumentParser) -> Callable[[argparse.Namespace], int]:
    """Give ``parser`` the emulator's options (``efs-tui`` builds one parser tree); return what runs it."""
    parser.description = "Run a local emulator of the OVHcloud /storage/netapp API."
    add = parser.add_argument
    add("--host", default="127.0.0.1", help="address to listen on (loopback only unless --unsafe-any-host)")
    add("--port", type=int, default=8080, help="TCP port (0 = any free port; default 8080)")
    add("--unsafe-any-host", action="store_true", help="allow listening on a non-loopback address")
    add("--seed", default="demo", choices=DATASETS, help="dataset to load (default: demo)")
    add("--latency-ms", type=float, default=0.0, help="added latency per /storage request")
    add("--jitter-ms", type=float, default=0.0, help="random +/- jitter on the latency")
    add("--error-rate-429", type=float, default=0.0, help="probability of a 429 Too Many Requests")
    add("--error-rate-5xx", type=float, default=0.0, help="probability of a 500/503")
    add("--error-rate-408", type=float, default=0.0, help="probability of an HTML 408 page")
    add("--drop-rate", type=float, default=0.0, help="probability of a dropped connection")
    add("--retry-after", type=float, default=1.0, help="Retry-After seconds sent with 429 answers")
    add("--fault-seed", type=int, default=0, help="seed of the fault RNG")
    add("--clock-skew", type=float, default=0.0, help="seconds added to the server clock")
    add("--allowed-skew", type=float, default=30.0, help="accepted signature timestamp drift in seconds")
    add("--create-delay", type=float, default=2.0, help="seconds a snapshot stays 'creating'")
    add("--delete-delay", type=float, default=2.0, help="seconds a snapshot stays 'deleting'")
    add("--hold-delay", type=float, default=2.0, help="seconds a held snapshot stays 'manage_starting'")
    add("--revert-delay", type=float, default=2.0, help="seconds a share stays 'reverting'")
    add("--token-lifetime", type=float, default=3600.0, help="OAuth2 token lifetime in seconds")
    add(
        "--void-shape",
        default="api",
        choices=VOID_SHAPES,
        help="answer of void operations: api (202 empty for revert, else 200 null), null (200 null), "
        "accepted (202 empty), no-content (204), empty (200 empty)",
    )
    add(
        "--auth-error-shape",
        default="errorCode",
        choices=AUTH_ERROR_SHAPES,
        help='auth refusals as {"errorCode","httpCode","message"} or class-only {"class","message"}',
    )
    add(
        "--iam-deny",
        action="append",
        default=[],
        metavar="ACTION",
        help="refuse this IAM action to everyone, e.g. storageNetApp:apiovh:share/snapshot/delete (repeatable)",
    )
    add("--page-size", type=int, default=0, help="page list answers (X-Pagination-Cursor-Next); 0 = no paging")
    add("--manual-snapshot-limit", type=int, default=200, help="manual snapshots allowed per share")
    add(
        "--spec",
        default=None,
        metavar="OPENAPI_JSON",
        help="check every exchange against this OpenAPI file and log what disagrees (needs openapi-core)",
    )
    add("--verbose", action="store_true", help="log every request (uvicorn access log)")
    return lambda args: run(args, parser)


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _rate(parser: argparse.ArgumentParser, name: str, value: float) -> float:
    if not 0.0 <= value <= 1.0:
        parser.error(f"{name} must be between 0 and 1")
    return value


def make_server(args: argparse.Namespace, parser: argparse.ArgumentParser) -> EmulatorServer:
    """Build (not start) the server described by parsed arguments."""
    faults = FaultConfig(
        latency_ms=args.latency_ms,
        jitter_ms=args.jitter_ms,
        error_rate_429=_rate(parser, "--error-rate-429", args.error_rate_429),
        error_rate_5xx=_rate(parser, "--error-rate-5xx", args.error_rate_5xx),
        error_rate_408=_rate(parser, "--error-rate-408", args.error_rate_408),
        drop_rate=_rate(parser, "--drop-rate", args.drop_rate),
        clock_skew=args.clock_skew,
        retry_after=args.retry_after,
        seed=args.fault_seed,
        void_shape=args.void_shape,
        auth_error_shape=args.auth_error_shape,
        iam_denied=frozenset(args.iam_deny),
        page_size=max(0, args.page_size),
    )
    state = EmulatorState(
        faults=faults,
        create_delay=args.create_delay,
        delete_delay=args.delete_delay,
        hold_delay=args.hold_delay,
        revert_delay=args.revert_delay,
        token_lifetime=args.token_lifetime,
        allowed_skew=args.allowed_skew,
    )
    state.manual_snapshot_limit = args.manual_snapshot_limit
    seed_dataset(state, args.seed)
    return EmulatorServer(
        state,
        host=args.host,
        port=args.port,
        log_level="info" if args.verbose else "warning",
        access_log=args.verbose,
        spec=args.spec,
    )


def print_banner(server: EmulatorServer, out: TextIO) -> None:
    """The URLs and credentials to paste into a shell."""
    c = server.credentials
    print(f"efs-tui emulator listening on {server.root_url} (API base URL {server.base_url})", file=out)
    print("Demo credentials (fake; application key + consumer key):", file=out)
    print(f"  export OVH_ENDPOINT={server.base_url}", file=out)
    print(f"  export OVH_APPLICATION_KEY={c.application_key}", file=out)
    print(f"  export OVH_APPLICATION_SECRET={c.application_secret}", file=out)
    print(f"  export OVH_CONSUMER_KEY={c.consumer_key}", file=out)
    print(f"  # read-only consumer key: {c.read_only_consumer_key}", file=out)
    print(f"OAuth2 client instead (not with the application key above; token URL {server.token_url}):", file=out)
    print(f"  # export OVH_CLIENT_ID={c.client_id}", file=out)
    print(f"  # export OVH_CLIENT_SECRET={c.client_secret}", file=out)
    print(f"  # read-only OAuth2 client: {c.read_only_client_id} / {c.read_only_client_secret}", file=out)
    print("Press Ctrl+C to stop.", file=out, flush=True)


def main(argv: Sequence[str] | None = None, *, prog: str = "efs-tui emulator") -> int:
    parser = build_parser(prog)
    return run(parser.parse_args(argv), parser)


def run(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    if not _is_loopback(args.host) and not args.unsafe_any_host:
        parser.error(f"refusing to listen on non-loopback host {args.host!r} (use --unsafe-any-host)")
    server = make_server(args, parser)
    try:
        server.start()
    except OSError as exc:
        print(f"efs-tui emulator: cannot listen on {args.host}:{args.port}: {exc}", file=sys.stderr)
        return 1
    try:
        print_banner(server, sys.stdout)
        server.serve_forever()
    except KeyboardInterrupt:
        print("\nstopped", file=sys.stderr)
    finally:
        server.stop()
    return 0
