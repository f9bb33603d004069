"""Masking of personal data, as a table of cases."""

import pandas as pd
import pytest

from sanlian import masking


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
