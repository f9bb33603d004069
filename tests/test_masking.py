"""Masking of personal data, as a table of cases, and every personal column a query returns is declared."""

from datetime import date

import pandas as pd
import pytest

from sanlian import db, labels, masking, settings

QUERIES = sorted(p.stem for p in settings.QUERIES_DIR.glob("*.sql"))


@pytest.mark.parametrize("name, masked", [
    ("彭长优", "彭**"),
    ("华关", "华*"),
    ("李", "*"),
    ("欧阳娜娜", "欧阳**"),
    ("欧阳", "欧*"),
    ("司马光", "司马*"),
    (" 邓国斌 ", "邓**"),
    ("", ""),
    (None, None),
])
def test_names_keep_only_the_surname(name, masked):
    assert masking.mask_name(name) == masked


@pytest.mark.parametrize("phone, masked", [
    ("13812345678", "138****5678"),
    ("138 1234 5678", "138****5678"),
    ("+86 138-1234-5678", "138****5678"),
    ("8613812345678", "138****5678"),
    ("0751-3312345", "075****2345"),
    ("12345", "*****"),
    (None, None),
])
def test_phones_show_three_and_four_digits(phone, masked):
    assert masking.mask_phone(phone) == masked


@pytest.mark.parametrize("value, masked", [
    ("44022219800101123X", "440222********123X"),
    ("123", "***"),
    (None, None),
])
def test_id_numbers_show_six_and_four_characters(value, masked):
    assert masking.mask_id_number(value) == masked


def test_missing_values_stay_missing_in_a_frame():
    frame = pd.DataFrame({"head_name": ["彭长优", None], "phone": [None, "13900000001"],
                          "note": ["彭长优说水渠堵了", None], "township": ["沈所镇", "马市镇"]})
    masked = masking.mask_frame(frame)
    assert masked["head_name"].tolist()[0] == "彭**" and pd.isna(masked["head_name"].tolist()[1])
    assert masked["phone"].tolist()[1] == "139****0001"
    assert masked["note"].tolist()[0] == "（已隐藏）"
    assert masked["township"].tolist() == ["沈所镇", "马市镇"]
    assert frame["head_name"].tolist()[0] == "彭长优"  # the input is not changed


def test_whole_table_exports_mask_the_plain_name_column_of_people_tables():
    members = pd.DataFrame({"member_id": ["M1"], "name": ["邓国斌"], "org_id": ["O1"]})
    orgs = pd.DataFrame({"org_id": ["O1"], "name": ["县住管局党支部"]})
    assert masking.mask_frame(members, table="members")["name"].tolist() == ["邓**"]
    assert masking.mask_frame(orgs, table="orgs")["name"].tolist() == ["县住管局党支部"]


@pytest.mark.parametrize("column, kind", sorted(labels.PERSONAL_COLUMNS.items()))
def test_every_declared_personal_column_is_masked_by_its_kind(column, kind):
    value = {labels.PERSON_NAME: "彭长优", labels.PHONE: "13812345678", labels.ID_NUMBER: "44022219800101123X",
             labels.NOTE: "彭长优说水渠堵了"}[kind]
    masked = masking.mask_frame(pd.DataFrame({column: [value], "township": ["沈所镇"]}))
    assert masked[column].tolist() == [{labels.PERSON_NAME: "彭**", labels.PHONE: "138****5678",
                                        labels.ID_NUMBER: "440222********123X", labels.NOTE: "（已隐藏）"}[kind]]
    assert masked["township"].tolist() == ["沈所镇"]


def personal_values(con) -> set[str]:
    """Every household head's and member's name and phone, and every free-text note, in the fixture."""
    rows = con.execute("""select name from members union select phone from members
                          union select head_name from households union select phone from households
                          union select note from activities""").fetchall()
    return {value for (value,) in rows if value}


# Two moments, so that lists which are empty on one (a pairing not yet visited on 2024-03-04) are not.
MOMENTS = [date(2024, 6, 30), date(2024, 3, 4)]
OTHER_PARAMS = {"townships": [], "date_from": date(2024, 1, 1), "link": 0, "overdue_days": 31,
                "silent_days": 60, "household_id": "H1", "leader_id": "L1", "project_id": "P1",
                "village_code": "V11", "activity_date": date(2024, 6, 30)}


@pytest.mark.parametrize("name", QUERIES)
def test_a_query_column_holding_a_persons_name_phone_or_note_is_declared_personal(fixture_con, name):
    """A column that shows a villager's or member's name, phone or a note (alone or inside other
    text, like "张三 — 刘乙") must be declared in labels.PERSONAL_COLUMNS, or masking misses it."""
    people = personal_values(fixture_con)
    undeclared = set()
    for moment in MOMENTS:
        params = {**OTHER_PARAMS, "date_to": moment, "as_of": moment, "today": moment}
        frame = db.run(fixture_con, name, **params)
        for column in frame.columns.difference(list(labels.PERSONAL_COLUMNS)):
            texts = [v for v in frame[column] if isinstance(v, str)]
            if any(person in value for value in texts for person in people):
                undeclared.add(column)
    assert not undeclared, f"{name}: {sorted(undeclared)} hold personal data but are not declared"
