"""典型案例: the seed report's three stories, one per link, as text from their rows; pure.

The sample holds the stories as real rows (华关 at 安水村, 总村文化广场, 彭长优's rice); these builders
turn the rows into one short paragraph each. Text from the database is escaped for markdown.
"""

import pandas as pd

from sanlian import labels, masking, text

# What the ledgers cannot say (they hold no reason for a gain): the report's own words, shown as such.
RICE_NOTE = "据报道，结对党员指导这户水稻种植大户（承包耕地 140 亩）种植新品种南晶香占、推广“三控”技术。"


def leader_visit_story(rows: pd.DataFrame) -> tuple[str, str] | None:
    """(title, text) for a leader's day at a village: what was held and how each raised issue ended."""
    if rows.empty:
        return None
    first = rows.iloc[0]
    who = text.for_markdown(f"{first['post']}{first['leader_name']}")
    where = text.for_markdown(f"{first['township']}{first['village']}")
    held = "、".join(text.for_markdown(k) for k in rows["kind"].drop_duplicates())
    parts = [f"{labels.day(first['activity_date'])}，{who}到{where}开展{held}。"]
    for issue in rows.dropna(subset=["summary"]).itertuples():
        parts.append(f"群众在{text.for_markdown(issue.kind)}上反映“{text.for_markdown(issue.summary)}”，"
                     f"{_ending(issue)}")
    return "领导联乡镇", "".join(parts)


def _ending(issue) -> str:
    if labels.is_missing(issue.closed_date):
        return "尚未办结。"
    solved = "（未解决）" if labels.is_missing(issue.is_resolved) or not bool(issue.is_resolved) else "并已解决"
    rating = "" if labels.is_missing(issue.satisfaction) else f"，群众满意度 {int(issue.satisfaction)} 分"
    return f"由{text.for_markdown(issue.assigned_unit)}于{labels.day(issue.closed_date)}办结{solved}{rating}。"


def project_story(rows: pd.DataFrame) -> tuple[str, str] | None:
    """(title, text) for one co-building project: who funded what where, for how much, and its state."""
    if rows.empty:
        return None
    p = rows.iloc[0]
    who = text.for_markdown(p["orgs"] or "机关党组织")
    done = f"，{labels.day(p['end_date'])}完工" if p["status"] == "完工" and not labels.is_missing(p["end_date"]) else ""
    return "机关联农村", (f"{who}为{text.for_markdown(p['township'] + p['village'])}援建"
                          f"“{text.for_markdown(p['project_name'])}”（{text.for_markdown(p['area'])}），"
                          f"投资 {labels.wan_yuan(p['investment_yuan'])}，{labels.day(p['start_date'])}开工{done}。")


def income_story(history: pd.DataFrame, masked: bool = False) -> tuple[str, str] | None:
    """(title, text) for a household's best year: its income and the gain over the year before."""
    gains = history.dropna(subset=["gain_yuan"])
    if gains.empty:
        return None
    best = gains.loc[gains["gain_yuan"].idxmax()]
    head = masking.mask_name(best["head_name"]) if masked else best["head_name"]
    where = text.for_markdown(f"{best['township']}{best['village']} {head}户（{best['main_industry']}）")
    return "党员联群众", (f"{where}：{int(best['year'])} 年家庭纯收入 {labels.yuan(best['net_income_yuan'])}，"
                          f"比上年增加 {labels.yuan(best['gain_yuan'])}。{RICE_NOTE}")
