"""Secrets in the OS keyring, and an honest answer when there is none.

efs-tui keeps the application secret, the consumer key and the OAuth2 client secret
only in the keyring (service ``efs-tui``, one entry per ``<profile>:<field>``). Over
SSH on a server there is often no Secret Service running, or its collection is
locked; ``keyring`` then raises, or (``null`` backend) silently stores nothing. Both
cases are reported as :class:`KeyringUnavailable` with the ways out, and nothing is
ever written in plain text instead.
"""

from __future__ import annotations

import enum
import logging
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Final, Literal, NamedTuple, TypeVar

from .errors import ConfigError

if TYPE_CHECKING:
    # keyring (with importlib_metadata's entry points and jaraco.*) is imported on first use, not
    # with this module: a start with the credentials in OVH_* variables never asks the keyring,
    # and the import is a visible part of the cold start (benchmark s1).
    import keyring.backend

SERVICE: Final = "efs-tui"
SECRET_FIELDS: Final = ("application_secret", "consumer_key", "client_secret")

#: A key nobody stores: reading it checks that the keyring answers (and unlocks it if it can).
_PROBE_USER: Final = "efs-tui:probe"

log = logging.getLogger(__name__)

T = TypeVar("T")

Operation = Literal["read", "store"]
"""What efs-tui was trying to do when the keyring failed: the message must say which."""


class KeyringState(enum.Enum):
    """What :func:`keyring_status` found."""

    AVAILABLE = "available"
    NO_BACKEND = "no backend"
    LOCKED = "locked"
    ERROR = "error"


WAYS_OUT: Final = """\
Ways out:
  1. Start or unlock a Secret Service. On a desktop, log in to GNOME Keyring or KWallet.
     Over SSH, run efs-tui inside a D-Bus session with an unlocked GNOME Keyring (package gnome-keyring):
       dbus-run-session -- sh -c 'gnome-keyring-daemon --unlock --components=secrets && efs-tui login'
     type the keyring password, then press Ctrl+D twice (no Enter: a newline would become part of it).
     Start efs-tui itself the same way later, with the same password.
  2. Use environment variables for this session only; nothing is stored:
       export OVH_ENDPOINT=ovh-eu OVH_APPLICATION_KEY=... OVH_APPLICATION_SECRET=... OVH_CONSUMER_KEY=...
     (or OVH_CLIENT_ID and OVH_CLIENT_SECRET for a service account).
  3. Choose a keyring backend explicitly with PYTHON_KEYRING_BACKEND, for example
       pip install keyrings.alt
       export PYTHON_KEYRING_BACKEND=keyrings.alt.file.EncryptedKeyring
     (an encrypted file that asks for its own password; only if you choose it).
efs-tui never falls back to storing secrets in plain text."""


class KeyringStatus(NamedTuple):
    """Whether secrets can be stored, the backend's name, and a message for the user.

    A named tuple, as the start path's records are: a frozen dataclass takes ~7x as long to define (~0.35 ms).
    """

    state: KeyringState
    backend: str
    detail: str = ""
    operation: Operation = "store"
    """``"read"`` when resolving a profile's secrets (start-up, ``snapshots``), ``"store"`` for login/logout."""

    @property
    def ok(self) -> bool:
        return self.state is KeyringState.AVAILABLE

    @property
    def headline(self) -> str:
        """One line naming the situation and what it stops (reading or storing the credentials)."""
        if self.state is KeyringState.AVAILABLE:
            return f"The OS keyring is available ({self.backend})."
        cannot = "cannot read your stored credentials" if self.operation == "read" else "cannot store your credentials"
        if self.state is KeyringState.NO_BACKEND:
            return f"No OS keyring is available: efs-tui {cannot}."
        if self.state is KeyringState.LOCKED:
            return f"The OS keyring is locked ({self.backend}): efs-tui {cannot}."
        return f"The OS keyring failed ({self.backend}): efs-tui {cannot}."

    @property
    def explanation(self) -> str:
        """Everything after the headline: the keyring's own words, why it matters, the three ways out.

        The TUI shows the headline in its own widget, so it shows this part below it
        (the headline must not be printed twice).
        """
        if self.ok:
            return ""
        lines = [f"(keyring said: {self.detail})"] if self.detail else []
        lines += [
            "Secrets (application secret, consumer key, OAuth2 client secret) are kept only in the OS keyring,",
            "normally a Secret Service such as GNOME Keyring or KWallet. Servers reached over SSH often run none.",
            "",
            WAYS_OUT,
        ]
        return "\n".join(lines)

    @property
    def message(self) -> str:
        """The full explanation for a terminal: headline, then :attr:`explanation` (several lines)."""
        if self.ok:
            return self.headline
        return f"{self.headline}\n{self.explanation}"


class KeyringUnavailable(ConfigError):
    """The keyring cannot be used right now; :attr:`keyring_status` says why and how to get out."""

    title = "No usable keyring"

    def __init__(self, status: KeyringStatus) -> None:
        super().__init__(status.message)
        self.keyring_status = status


def backend_name(backend: keyring.backend.KeyringBackend | None = None) -> str:
    """``module.Class`` of the backend in use, e.g. ``keyring.backends.SecretService.Keyring``."""
    import keyring

    backend = backend or keyring.get_keyring()
    kind = type(backend)
    return f"{kind.__module__}.{kind.__qualname__}"


def _is_unusable(backend: keyring.backend.KeyringBackend) -> bool:
    """``fail`` raises on every call and ``null`` pretends to store: neither keeps a secret."""
    name = backend_name(backend)
    return name in ("keyring.backends.fail.Keyring", "keyring.backends.null.Keyring")


def _status_from_error(exc: BaseException, backend: str, operation: Operation) -> KeyringStatus:
    import keyring.errors

    detail = str(exc).strip() or type(exc).__name__
    if isinstance(exc, keyring.errors.NoKeyringError):
        return KeyringStatus(KeyringState.NO_BACKEND, backend, detail, operation)
    if isinstance(exc, keyring.errors.KeyringLocked | keyring.errors.InitError):
        return KeyringStatus(KeyringState.LOCKED, backend, detail, operation)
    return KeyringStatus(KeyringState.ERROR, backend, detail, operation)


def keyring_status(probe: bool = True, operation: Operation = "store") -> KeyringStatus:
    """Can secrets be stored and read? Shared by the CLI (exit code 4) and the TUI (``NoKeyringScreen``).

    With ``probe`` a harmless read is made, which is what reveals a locked
    collection (and lets the Secret Service unlock it with a prompt where it can).
    It may block on D-Bus: the TUI calls it from a thread worker.
    """
    import keyring

    try:
        backend = keyring.get_keyring()
    except Exception as exc:  # a broken PYTHON_KEYRING_BACKEND raises here
        return KeyringStatus(KeyringState.ERROR, "unknown", str(exc) or type(exc).__name__, operation)
    name = backend_name(backend)
    if _is_unusable(backend):
        return KeyringStatus(KeyringState.NO_BACKEND, name, "no recommended keyring backend was found", operation)
    if probe:
        try:
            backend.get_password(SERVICE, _PROBE_USER)
        except Exception as exc:
            return _status_from_error(exc, name, operation)
    return KeyringStatus(KeyringState.AVAILABLE, name, operation=operation)


class SecretStore:
    """The profile secrets in the keyring. Every failure becomes :class:`KeyringUnavailable`."""

    def __init__(self, service: str = SERVICE) -> None:
        self.service = service

    @staticmethod
    def username(profile: str, field: str) -> str:
        """The keyring entry name: ``<profile>:<field>``."""
        if field not in SECRET_FIELDS:
            raise ValueError(f"not a secret field: {field}")
        return f"{profile}:{field}"

    def _call(self, action: Callable[[keyring.backend.KeyringBackend], T], operation: Operation) -> T:
        import keyring

        backend = keyring.get_keyring()
        name = backend_name(backend)
        if _is_unusable(backend):
            raise KeyringUnavailable(
                KeyringStatus(KeyringState.NO_BACKEND, name, "no recommended keyring backend was found", operation)
            )
        try:
            return action(backend)
        except Exception as exc:
            raise KeyringUnavailable(_status_from_error(exc, name, operation)) from None

    def get(self, profile: str, field: str) -> str | None:
        user = self.username(profile, field)
        return self._call(lambda backend: backend.get_password(self.service, user), "read")

    def set(self, profile: str, field: str, value: str) -> None:
        user = self.username(profile, field)
        self._call(lambda backend: backend.set_password(self.service, user, value), "store")

    def load(self, profile: str, fields: Iterable[str] = SECRET_FIELDS) -> dict[str, str]:
        """The secrets stored for ``profile`` (missing ones are left out)."""
        found = {}
        for field in fields:
            value = self.get(profile, field)
            if value:
                found[field] = value
        return found

    def save(self, profile: str, secrets: Mapping[str, str | None]) -> None:
        """Store the given secrets and delete the profile's other secret fields (a scheme change leaves no stale key).

        Each value is read back: a backend that accepts a secret but does not keep it
        is as bad as no backend, and the user must know now, not at the next start.
        """
        for field in SECRET_FIELDS:
            value = secrets.get(field)
            if value:
                self.set(profile, field, value)
                if self.get(profile, field) != value:
                    raise KeyringUnavailable(
                        KeyringStatus(
                            KeyringState.ERROR, backend_name(), "the backend did not keep the secret", "store"
                        )
                    )
            else:
                self.delete(profile, field)
        log.info(
            "Stored %d secret(s) for profile %r in %s", sum(1 for v in secrets.values() if v), profile, backend_name()
        )

    def delete(self, profile: str, field: str) -> bool:
        """Delete one secret; ``False`` if there was none."""
        import keyring.errors

        user = self.username(profile, field)

        def action(backend: keyring.backend.KeyringBackend) -> bool:
            try:
                backend.delete_password(self.service, user)
            except keyring.errors.PasswordDeleteError:
                return False
            return True

        return self._call(action, "store")

    def delete_profile(self, profile: str) -> list[str]:
        """Delete every secret of ``profile``; return the fields that existed."""
        return [field for field in SECRET_FIELDS if self.delete(profile, field)]
