"""What the detail pane shows while the tree has the focus: the share (or service) under the cursor.

For a share that is its fields, its snapshot policy in words (each rule:
prefix, schedule, copies kept), when the next automatic snapshot is due, and
the snapshot reserve. The policy and reserve come from three extra requests, so
they arrive later in a :class:`ShareExtras` (``None`` while loading); a failed
part shows its error in place and the rest still shows.

Rich only (no Textual): these functions build renderables from plain data.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, tzinfo

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from efs_tui.api.models import Service, Share, SnapshotPolicy, SnapshotReserve, share_status_group
from efs_tui.api.models import service_status_group as _service_group
from efs_tui.core.quota import ManualQuota
from efs_tui.ui.text import clean, format_gb, iso_time, local_time, relative, status_text


@dataclass(frozen=True, slots=True)
class ShareExtras:
    """A share's snapshot policy and reserve, or the error met while loading each."""

    policy: SnapshotPolicy | None = None
    policy_status: str | None = None
    """Status of the share ↔ policy association (``active``, ``updating``, ``error``)."""
    policy_error: str | None = None
    reserve: SnapshotReserve | None = None
    reserve_error: str | None = None


def _grid() -> Table:
    grid = Table.grid(padding=(0, 1), expand=True)
    grid.add_column(style="bold cyan", no_wrap=True, width=12)
    grid.add_column(ratio=1, overflow="fold")
    return grid


def _value(value: object) -> Text:
    return Text(clean(value), no_wrap=False) if value not in (None, "") else Text("—", style="dim")


def _status(value: str | None) -> Text:
    style = {"active": "green", "error": "bold red", "updating": "yellow"}.get(value or "", "magenta")
    return Text(clean(value) if value else "?", style=style)


def share_summary(share: Share) -> Table:
    """One line first: name, size, protocol, status (the rest comes after the policy)."""
    grid = _grid()
    line = Text(clean(share.label), style="bold")
    line.append(f"  {format_gb(share.size)}", style="dim")
    if share.protocol:
        line.append(f"  {clean(share.protocol)}", style="dim")
    line.append("  ")
    line.append_text(status_text(share.status, share_status_group(share.status)))
    grid.add_row("Share", line)
    return grid


def share_fields(share: Share, service: Service, now: datetime, zone: tzinfo | None) -> Table:
    """Id, mount point, created, description, service: below the policy, which matters more at a glance."""
    grid = _grid()
    grid.add_row("Id", _value(share.id))
    grid.add_row("Mount point", _value(share.mount_point_name))
    created = Text(iso_time(share.created_at, zone))
    if share.created_at is not None:
        created.append(f"  ({relative(share.created_at, now)})", style="dim")
    grid.add_row("Created", created)
    if share.description:
        grid.add_row("Description", _value(share.description))  # a newline shows as ␊: no fake rows
    grid.add_row("Service", Text.assemble(clean(service.label), (f"  {clean(service.id)}", "dim")))
    return grid


def policy_section(extras: ShareExtras | None, now: datetime, zone: tzinfo | None) -> Table:
    """The policy (name, default or not, rules in words, next run) and the snapshot reserve."""
    grid = _grid()
    if extras is None:
        grid.add_row("Policy", Text("loading…", style="italic dim"))
        grid.add_row("Reserve", Text("loading…", style="italic dim"))
        return grid
    policy = extras.policy
    if extras.policy_error is not None:
        grid.add_row("Policy", Text(f"⚠ {clean(extras.policy_error)}", style="red"))
    elif policy is None:
        grid.add_row("Policy", Text("none attached", style="dim"))
    else:
        from efs_tui.core.policy_text import describe_rule, next_policy_run  # a policy arrives after the first table

        name = Text(clean(policy.name or policy.id), style="bold")
        if policy.is_default:
            name.append("  (default)", style="dim")
        if extras.policy_status and extras.policy_status != "active":
            name.append("  ")
            name.append_text(_status(extras.policy_status))
        if policy.description:
            name.append(f"  {clean(policy.description)}", style="dim")
        grid.add_row("Policy", name)
        if not policy.rules:
            grid.add_row("Rules", Text("no rule: no automatic snapshot", style="dim"))
        for index, rule in enumerate(policy.rules):
            line = Text(clean(rule.prefix or "?"), style="bold")
            line.append(f"  {describe_rule(rule)}")
            grid.add_row("Rules" if index == 0 else "", line)
        upcoming = next_policy_run(policy.rules, now)
        if upcoming is not None:
            when, rule = upcoming
            text = Text(f"{local_time(when, zone)}  ({relative(when, now)})")
            text.append(f"  {clean(rule.prefix or '?')}", style="dim")
            grid.add_row("Next auto", text)
        elif policy.rules:
            grid.add_row("Next auto", Text("never (no date matches the rules)", style="yellow"))
    if extras.reserve_error is not None:
        grid.add_row("Reserve", Text(f"⚠ {clean(extras.reserve_error)}", style="red"))
    elif extras.reserve is not None:
        reserve = Text(f"{extras.reserve.percent}% of the share" if extras.reserve.percent is not None else "?")
        reserve.append("  ")
        reserve.append_text(_status(extras.reserve.status))
        grid.add_row("Reserve", reserve)
    return grid


def share_details(
    share: Share, service: Service, extras: ShareExtras | None, now: datetime, zone: tzinfo | None
) -> RenderableType:
    """Name and size, the policy and reserve (what 80x24 shows without scrolling), then the other fields."""
    return Group(share_summary(share), policy_section(extras, now, zone), share_fields(share, service, now, zone))


def service_details(service: Service, used: int | None, shares: int | None, manual: ManualQuota | None = None) -> Table:
    """The service under the tree cursor: id, region, status, quota, how much the shares use, manual snapshots."""
    grid = _grid()
    grid.add_row("Service", Text(clean(service.label), style="bold"))
    grid.add_row("Id", _value(service.id))
    grid.add_row("Status", status_text(service.status, _service_group(service.status)))
    grid.add_row("Region", _value(service.region))
    grid.add_row("Performance", _value(service.performance_level))
    grid.add_row("Used", Text(f"{format_gb(used) if used is not None else '…'} of {format_gb(service.quota)}"))
    grid.add_row("Shares", Text(str(shares) if shares is not None else "…"))
    if manual is not None:
        grid.add_row("Snapshots", Text(manual.describe()))
    return grid
