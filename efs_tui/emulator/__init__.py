"""A faithful local emulator of the OVHcloud `/storage/netapp` API (raw ASGI on uvicorn).

Used by tests, benchmarks, demos and screenshots instead of the real API. It
verifies OVH signatures and OAuth2 tokens with its own code, models the
asynchronous snapshot lifecycle lazily from the clock and can inject latency,
errors, dropped connections and clock skew.

    with EmulatorServer(dataset="demo") as emu:
        emu.base_url, emu.credentials.application_key, emu.state.faults.fail_next(503)
"""

from __future__ import annotations

from .app import EmulatorApp, create_app
from .cli import main
from .faults import FaultConfig, FaultDecision, ScriptedFault
from .problems import ApiProblem
from .security import (
    DEMO_APPLICATION_KEY,
    DEMO_APPLICATION_SECRET,
    DEMO_CLIENT_ID,
    DEMO_CLIENT_SECRET,
    DEMO_CONSUMER_KEY,
    DEMO_CREDENTIALS,
    DEMO_READ_ONLY_CLIENT_ID,
    DEMO_READ_ONLY_CLIENT_SECRET,
    DEMO_READ_ONLY_CONSUMER_KEY,
    FULL_RULES,
    READ_ONLY_RULES,
    DemoCredentials,
    compute_signature,
    rule_matches,
)
from .seed import DATASETS, seed_dataset
from .server import EmulatorServer
from .state import EmulatorState, RequestLog, RequestRecord

__all__ = [
    "DATASETS",
    "DEMO_APPLICATION_KEY",
    "DEMO_APPLICATION_SECRET",
    "DEMO_CLIENT_ID",
    "DEMO_CLIENT_SECRET",
    "DEMO_CONSUMER_KEY",
    "DEMO_CREDENTIALS",
    "DEMO_READ_ONLY_CLIENT_ID",
    "DEMO_READ_ONLY_CLIENT_SECRET",
    "DEMO_READ_ONLY_CONSUMER_KEY",
    "FULL_RULES",
    "READ_ONLY_RULES",
    "ApiProblem",
    "DemoCredentials",
    "EmulatorApp",
    "EmulatorServer",
    "EmulatorState",
    "FaultConfig",
    "FaultDecision",
    "RequestLog",
    "RequestRecord",
    "ScriptedFault",
    "compute_signature",
    "create_app",
    "main",
    "rule_matches",
    "seed_dataset",
]
