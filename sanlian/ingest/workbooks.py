"""Workbooks around the ledgers: blank templates, the error list, and the dataset exported as ledgers."""

import io
from datetime import date

import duckdb
import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill

from sanlian import export, masking
from sanlian.ingest.ledgers import LEDGERS, Ledger, allowed_text

NOTES_SHEET = "填写说明"
REQUIRED_FILL = PatternFill("solid", fgColor="FCE4D6")


def template_xlsx(ledger: Ledger) -> bytes:
    """A ledger template: the header row and one example row, then a sheet explaining each column."""
    book = Workbook()
    sheet = book.active
    sheet.title = ledger.title
    sheet.append([c.header for c in ledger.columns])
    sheet.append([c.example for c in ledger.columns])
    for cell, column in zip(sheet[1], ledger.columns):
        cell.font = Font(bold=True)
        if column.required:
            cell.fill = REQUIRED_FILL
        sheet.column_dimensions[cell.column_letter].width = max(12, 2.2 * len(column.header))
    sheet.freeze_panes = "A2"
    _notes(book.create_sheet(NOTES_SHEET), ledger)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _notes(sheet, ledger: Ledger) -> None:
    sheet.append([f"{ledger.title}台账：{ledger.description}。第 1 行是表头，数据从第 2 行开始；"
                  "示例行请替换或删除。底色标出的列必填。已有编号的行会被更新，新编号的行会被新增。"])
    sheet.append([])
    sheet.append(["列名", "必填", "说明", "允许的取值"])
    for cell in sheet[3]:
        cell.font = Font(bold=True)
    for column in ledger.columns:
        sheet.append([column.header, "是" if column.required else "否", column.note,
                      allowed_text(ledger, column)])
    for letter, width in zip("ABCD", (16, 6, 48, 60)):
        sheet.column_dimensions[letter].width = width


def problems_xlsx(problems: pd.DataFrame) -> bytes:
    """The error list as a workbook the clerk can work through beside the ledger."""
    return export.xlsx_bytes({"错误清单": problems})


def ledger_frame(table: str, frame: pd.DataFrame) -> pd.DataFrame:
    """A table's rows under the ledger's Chinese headers, so the file can be imported again."""
    ledger = LEDGERS[table]
    return frame[[c.name for c in ledger.columns]].rename(columns={c.name: c.header
                                                                   for c in ledger.columns})


def table_frames(con: duckdb.DuckDBPyConnection, townships=(), date_from: date | None = None,
                 date_to: date | None = None) -> dict[str, pd.DataFrame]:
    """Every ledger table, cut to the townships (empty = all) and dates where it has them."""
    cur = con.cursor()
    frames = {t: cur.execute(f"select {', '.join(c.name for c in ledger.columns)} from {t} "  # our names
                             f"order by {', '.join(ledger.key)}").df() for t, ledger in LEDGERS.items()}
    town_of = dict(cur.execute("select village_code, township_code from villages").fetchall())
    return _filtered(frames, town_of, set(townships), date_from, date_to)


def _filtered(frames, town_of, towns, date_from, date_to) -> dict[str, pd.DataFrame]:
    def in_towns(codes: pd.Series) -> pd.Series:
        return codes.isin(towns) if towns else pd.Series(True, index=codes.index)

    def in_dates(days: pd.Series) -> pd.Series:
        return days.between(pd.Timestamp(date_from), pd.Timestamp(date_to)) if date_from else True

    def overlaps(frame: pd.DataFrame) -> pd.Series:
        if not date_from:
            return pd.Series(True, index=frame.index)
        return (frame["start_date"] <= pd.Timestamp(date_to)) & ~(
            frame["end_date"] < pd.Timestamp(date_from))

    f = dict(frames)
    villages = f["villages"]  # the ledger is of coordinates: villages without them have no row
    f["villages"] = villages[in_towns(villages["village_code"].map(town_of)) & villages["lon"].notna()]
    f["leader_townships"] = _keep(f["leader_townships"], lambda x: in_towns(x["township_code"])
                                  & overlaps(x))
    f["org_villages"] = _keep(f["org_villages"], lambda x: in_towns(x["village_code"].map(town_of))
                              & overlaps(x))
    f["households"] = _keep(f["households"], lambda x: in_towns(x["village_code"].map(town_of)))
    homes = set(f["households"]["household_id"])
    f["member_households"] = _keep(f["member_households"],
                                   lambda x: x["household_id"].isin(homes) & overlaps(x))
    f["household_incomes"] = _keep(f["household_incomes"], lambda x: x["household_id"].isin(homes))
    f["activities"] = _keep(f["activities"], lambda x: in_towns(x["township_code"])
                            & in_dates(x["activity_date"]))
    f["issues"] = _keep(f["issues"], lambda x: in_towns(x["township_code"])
                        & in_dates(x["raised_date"]))
    f["projects"] = _keep(f["projects"], lambda x: in_towns(x["village_code"].map(town_of))
                          & in_dates(x["start_date"]))
    projects = set(f["projects"]["project_id"])
    f["project_orgs"] = _keep(f["project_orgs"], lambda x: x["project_id"].isin(projects))
    return f


def _keep(frame: pd.DataFrame, rule) -> pd.DataFrame:
    return frame[rule(frame)] if not frame.empty else frame


def dataset_xlsx(frames: dict[str, pd.DataFrame], masked: bool = True) -> bytes:
    """One workbook, a sheet per ledger named by its title; unmasked, importable again as a whole."""
    return export.large_xlsx_bytes({LEDGERS[t].title: ledger_frame(t, _masked(t, f, masked))
                                    for t, f in frames.items()})


def table_csv(table: str, frame: pd.DataFrame, masked: bool = True) -> bytes:
    """One ledger table as CSV, UTF-8 with BOM, under its Chinese headers."""
    return export.csv_bytes(ledger_frame(table, _masked(table, frame, masked)))


def _masked(table: str, frame: pd.DataFrame, masked: bool) -> pd.DataFrame:
    return masking.mask_frame(frame, table) if masked else frame
