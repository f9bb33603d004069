"""Presentation mode and the 汇报 page: slides advance, and no personal data reaches the screen."""

import duckdb
import pytest

from sanlian import export, slides
from tests.test_pages import run_page


@pytest.fixture
def sample(sample_db, use_db):
    return use_db(sample_db)


def household_and_member_names(db) -> set[str]:
    """Names that must be masked; a leader's name is public, even if a villager shares it or it
    contains a villager's (江光 in 江光明): the searches look for names inside text."""
    with duckdb.connect(str(db), read_only=True) as con:
        rows = con.execute("select head_name from households union select name from members").fetchall()
        leaders = [name for (name,) in con.execute("select name from leaders").fetchall()]
    return {name for (name,) in rows if len(name) >= 2 and not any(name in leader for leader in leaders)}


def names_on_screen(at, names: set[str]) -> set[str]:
    """The names AppTest can read anywhere on the page: in text, metrics or any table cell."""
    text = "\n".join(str(e.value) for e in [*at.markdown, *at.caption, *at.subheader, *at.title])
    text += "\n".join(f"{m.label} {m.value}" for m in at.metric)
    cells = {str(v) for frame in at.dataframe for column in frame.value.columns
             for v in frame.value[column].unique()}
    return {n for n in names if n in text} | (names & cells)


def test_the_slides_step_through_all_eight_titles_in_order(sample):
    at = run_page("pages/present.py", present="1")
    seen = []
    for _ in slides.SLIDE_TITLES:
        seen.append(at.subheader[0].value.split("：")[0].split(". ", 1)[1])
        at = at.button(key="slide_next").click().run()
    assert seen == list(slides.SLIDE_TITLES)
    assert at.subheader[0].value.startswith("1. ")  # wraps round to the first slide


def test_no_household_or_member_name_appears_on_any_slide(sample):
    names = household_and_member_names(sample)
    at = run_page("pages/present.py", present="1")
    for _ in slides.SLIDE_TITLES:
        assert not names_on_screen(at, names)
        at = at.button(key="slide_next").click().run()


def test_presentation_mode_masks_the_tables_of_every_page(sample):
    names = household_and_member_names(sample)
    for path in ("app.py", "pages/visits.py", "pages/incomes.py", "pages/issues.py"):
        at = run_page(path, present="1")
        assert not at.exception
        assert not names_on_screen(at, names), path


def test_without_presentation_mode_the_tables_show_names_to_staff(sample):
    at = run_page("pages/visits.py")
    assert names_on_screen(at, household_and_member_names(sample))


def test_the_url_keeps_presentation_mode(sample):
    at = run_page("app.py", present="1", town="马市镇")
    assert at.query_params["present"] in ("1", ["1"])
    assert at.toggle(key="w_present").value is True


def test_exports_are_masked_unless_asked(sample):
    at = run_page("pages/visits.py")
    frame = next(d.value for d in at.dataframe if "户主" in d.value.columns)
    raw = frame.rename(columns={"户主": "head_name", "结对党员": "member_name"})
    masked_csv = export.csv_bytes(raw).decode("utf-8-sig")
    assert raw["head_name"].iloc[0] not in masked_csv and "*" in masked_csv
    assert raw["head_name"].iloc[0] in export.csv_bytes(raw, masked=False).decode("utf-8-sig")
