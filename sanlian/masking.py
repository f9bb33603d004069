"""Masking of personal data (household and member names, phones, ID numbers, free-text notes).

One module, used by pages in presentation mode, by tables and tooltips, by every export and by the
brief. Which columns are personal, and of which kind, is declared once in labels.PERSONAL_COLUMNS.
"""

import re

import pandas as pd

from sanlian import labels

# Two-character surnames, so 欧阳娜娜 becomes 欧阳** rather than 欧***.
COMPOUND_SURNAMES = frozenset(
    ["欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙", "宇文", "司徒", "夏侯", "轩辕", "令狐", "钟离", "闾丘", "端木", "西门", "南宫", "独孤", "申屠", "澹台", "公冶", "濮阳", "太史", "万俟", "呼延", "赫连", "拓跋"])

HIDDEN_NOTE = "（已隐藏）"


def _missing(value) -> bool:
    return value is None or (not isinstance(value, str) and bool(pd.isna(value)))


def mask_name(name):
    """彭长优 → 彭**, 华关 → 华*, 欧阳娜娜 → 欧阳**, 李 → *; missing stays missing."""
    if _missing(name):
        return name
    name = str(name).strip()
    if len(name) <= 1:
        return "*" * len(name)
    keep = 2 if name[:2] in COMPOUND_SURNAMES and len(name) > 2 else 1
    return name[:keep] + "*" * (len(name) - keep)


def mask_phone(phone):
    """13812345678, '138 1234 5678' or '+86 138-1234-5678' → 138****5678."""
    if _missing(phone):
        return phone
    digits = re.sub(r"\D", "", str(phone))
    if digits.startswith("86") and len(digits) == 13:
        digits = digits[2:]
    if len(digits) < 8:
        return "*" * len(digits)
    return digits[:3] + "*" * (len(digits) - 7) + digits[-4:]


def mask_id_number(value):
    """An 18-character ID number → its first 6 and last 4 characters with * between."""
    if _missing(value):
        return value
    text = str(value).strip()
    if len(text) <= 10:
        return "*" * len(text)
    return text[:6] + "*" * (len(text) - 10) + text[-4:]


def hide_note(value):
    """Free text may name anyone: it is hidden, not masked."""
    return value if _missing(value) or value == "" else HIDDEN_NOTE


# How each kind of personal column is masked.
MASKS = {labels.PERSON_NAME: mask_name, labels.PHONE: mask_phone, labels.ID_NUMBER: mask_id_number,
         labels.NOTE: hide_note}


def personal_columns(table: str | None = None) -> dict[str, str]:
    """Column → kind for every declared personal column; `table` names a whole-table export."""
    return {**labels.PERSONAL_COLUMNS, **labels.PERSONAL_COLUMNS_BY_TABLE.get(table, {})}


def mask_frame(frame: pd.DataFrame, table: str | None = None) -> pd.DataFrame:
    """A copy with every declared personal column masked by its kind; `table` names a whole-table export."""
    out = frame.copy()
    kinds = personal_columns(table)
    for column in out.columns:
        if column in kinds:
            out[column] = out[column].map(MASKS[kinds[column]])
    return out
