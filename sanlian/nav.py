"""The sidebar navigation: every page, its Chinese label and icon, and who may open it."""

from dataclasses import dataclass

from sanlian import auth, settings, users


@dataclass(frozen=True)
class Page:
    """One entry of the sidebar navigation."""

    path: str
    label: str
    icon: str
    roles: tuple[str, ...] | None = None  # who may open it (None = everyone; auth.OPEN_DEMO = the open demo)


PAGES = (
    Page("app.py", "总览", ":material/dashboard:"),
    Page("pages/map.py", "结对地图", ":material/map:"),
    Page("pages/visits.py", "走访联系", ":material/directions_walk:"),
    Page("pages/issues.py", "民情办结", ":material/task_alt:"),
    Page("pages/incomes.py", "增收成效", ":material/trending_up:"),
    Page("pages/projects.py", "共建项目", ":material/handshake:"),
    Page("pages/township.py", "乡镇画像", ":material/location_city:"),
    Page("pages/village.py", "村画像", ":material/home_pin:"),
    Page("pages/data.py", "数据管理", ":material/database:", (users.Role.DATA_ADMIN, auth.OPEN_DEMO)),
    Page("pages/present.py", "汇报", ":material/slideshow:"),
    Page("pages/audit.py", "审计日志", ":material/policy:", (users.Role.COUNTY, users.Role.DATA_ADMIN)),
)


def existing_pages() -> list[Page]:
    """The navigation entries whose page file exists and that the open demo mode shows."""
    return visible_pages(auth.DEMO)


def visible_pages(access: auth.Access) -> list[Page]:
    """The navigation entries this session may open."""
    return [p for p in PAGES if (settings.ROOT / p.path).exists() and access.may_open(p.roles)]
