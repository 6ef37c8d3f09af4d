"""Profiles, credentials and where they live. No Textual here: the CLI and the TUI share it.

Secrets live only in the OS keyring (:mod:`.keystore`); other settings in
``config.toml`` (:mod:`.settings`); :func:`resolve_config` combines flags, ``OVH_*``
variables, the profile and python-ovh's ``ovh.conf`` (see :mod:`.resolve` for the order).

The names below are re-exported lazily (PEP 562 ``__getattr__``), as in :mod:`efs_tui.api`:
resolving a configuration before the start-up prefetch forks needs :mod:`.resolve` and what it
imports, never :mod:`.login` (the API client, asyncio).
"""

from typing import TYPE_CHECKING, Final

from efs_tui.lazy_names import lazy_names

# Eager: the function ``redact`` has the name of its module, and an attribute the import system sets
# (``efs_tui.config.redact``, the module, once anything imports it) would never reach __getattr__.
from .redact import describe_permission_error, redact

if TYPE_CHECKING:
    from .errors import ConfigError, MissingCredentials, MixedSchemes, ProfileNotFound
    from .keystore import (
        SECRET_FIELDS,
        SERVICE,
        KeyringState,
        KeyringStatus,
        KeyringUnavailable,
        SecretStore,
        backend_name,
        keyring_status,
    )
    from .login import (
        LoginResult,
        NotValidated,
        PendingLogin,
        request_consumer_key,
        save_login,
        verify_application,
        verify_oauth2,
        wait_for_validation,
    )
    from .ovhconf import OvhConf, load_ovh_conf
    from .paths import CONFIG_ENV_VAR, config_path, ovh_conf_paths
    from .resolve import ENV_VARS, Origin, Overrides, ResolvedConfig, resolve_config
    from .settings import DEFAULT_PROFILE, ConfigFile, ProfileSettings, load_config, save_config, validate_profile_name

_SUBMODULES: Final = {  # the same names as the imports above, by the submodule that defines them
    "errors": "ConfigError MissingCredentials MixedSchemes ProfileNotFound",
    "keystore": (
        "SECRET_FIELDS SERVICE KeyringState KeyringStatus KeyringUnavailable SecretStore backend_name keyring_status"
    ),
    "login": (
        "LoginResult NotValidated PendingLogin request_consumer_key save_login verify_application "
        "verify_oauth2 wait_for_validation"
    ),
    "ovhconf": "OvhConf load_ovh_conf",
    "paths": "CONFIG_ENV_VAR config_path ovh_conf_paths",
    "resolve": "ENV_VARS Origin Overrides ResolvedConfig resolve_config",
    "settings": "DEFAULT_PROFILE ConfigFile ProfileSettings load_config save_config validate_profile_name",
}
_SUBMODULE_OF: Final = {name: f".{module}" for module, names in _SUBMODULES.items() for name in names.split()}
__getattr__ = lazy_names(__name__, _SUBMODULE_OF, globals())


__all__ = [
    "CONFIG_ENV_VAR",
    "DEFAULT_PROFILE",
    "ENV_VARS",
    "SECRET_FIELDS",
    "SERVICE",
    "ConfigError",
    "ConfigFile",
    "KeyringState",
    "KeyringStatus",
    "KeyringUnavailable",
    "LoginResult",
    "MissingCredentials",
    "MixedSchemes",
    "NotValidated",
    "Origin",
    "Overrides",
    "OvhConf",
    "PendingLogin",
    "ProfileNotFound",
    "ProfileSettings",
    "ResolvedConfig",
    "SecretStore",
    "backend_name",
    "config_path",
    "describe_permission_error",
    "keyring_status",
    "load_config",
    "load_ovh_conf",
    "ovh_conf_paths",
    "redact",
    "request_consumer_key",
    "resolve_config",
    "save_config",
    "save_login",
    "validate_profile_name",
    "verify_application",
    "verify_oauth2",
    "wait_for_validation",
]
