"""``perfindicator export``: a folder of documents of every format into one dataset (SQLite,
Parquet, partitioned Parquet on a Dask cluster), incremental, whole files only after an
interruption. The folder is made by the tests from the forms of the other tests' helpers."""

from __future__ import annotations

import io
import shutil
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from _forms import TARGET_ROWS
from _office import TARGET_FORM, to_docx, to_xlsx
from perfindicator.export import store
from perfindicator.export.command import main
from perfindicator.export.dataset import TABLES, columns_markdown, content_hash, dataset_schema
from perfindicator.export.store import export_dataset, find_documents, is_document, table_rows
from perfindicator.forms.read import read_any
from perfindicator.sources.files import InputError

ROOT = Path(__file__).resolve().parent
SELF_EVALUATION = ROOT / "data" / "forms" / "road-safety-self-evaluation.tsv"
TARGETS_HTML = ROOT / "data" / "forms" / "toilet-renovation-targets.html"
SAMPLE = ROOT / "corpus" / "baiyun-office-targets.txt"
BLOCK = "1、1-产出指标；11-数量指标；培训人次；年度指标值:20-35次。\n"


def make_folder(folder: Path) -> Path:
    """A province's folder in small: forms as .xlsx, .docx, HTML, pasted cells and text in
    two years' folders, a bare block, a damaged PDF, and files that are no documents."""
    (folder / "2022").mkdir(parents=True)
    (folder / "2023" / "自评").mkdir(parents=True)
    (folder / ".cache").mkdir()
    (folder / "2022" / "目标表.xlsx").write_bytes(to_xlsx([TARGET_FORM]))
    (folder / "2022" / "目标表.docx").write_bytes(to_docx([TARGET_FORM]))
    shutil.copy(TARGETS_HTML, folder / "2022" / "toilets.html")
    shutil.copy(SELF_EVALUATION, folder / "2023" / "自评" / "road.tsv")
    (folder / "2023" / "cells.txt").write_text(
        "\n".join("\t".join(row) for row in TARGET_ROWS), encoding="utf-8"
    )
    shutil.copy(SAMPLE, folder / "2023" / "baiyun.txt")
    (folder / "block.txt").write_text(BLOCK, encoding="gb18030")
    (folder / "broken.pdf").write_bytes(b"%PDF-1.7\n1 0 obj <<>> garbage")
    # Not documents: an image, English notes, a hidden cache, Office's lock file.
    (folder / "scan.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64))
    (folder / "README.txt").write_text("Downloaded from the finance bureau.\n")
    (folder / ".cache" / "x.txt").write_text(BLOCK)
    (folder / "2022" / "~$目标表.docx").write_bytes(b"\x00lock")
    return folder


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return make_folder(tmp_path.resolve() / "province")  # the dataset's paths are real paths


def _items(result: Any) -> list[Any]:
    """The indicators of what ``read_any`` gives: a document's, a table's or a block."""
    return list(getattr(result, "indicators", result))


def dataset(database: Path) -> dict[str, list[dict[str, Any]]]:
    return {table: table_rows(database, table) for table in TABLES}


def test_which_files_are_documents_is_told_by_their_content(folder: Path) -> None:
    found = find_documents([str(folder)])
    names = [Path(path).relative_to(folder).as_posix() for path in found.documents]
    assert names == [  # sorted by path: every file once, wherever it was found
        "2022/toilets.html",
        "2022/目标表.docx",
        "2022/目标表.xlsx",
        "2023/baiyun.txt",
        "2023/cells.txt",
        "2023/自评/road.tsv",
        "block.txt",
        "broken.pdf",
    ]
    others = sorted(Path(path).name for path in found.others)
    assert others == ["README.txt", "scan.png"]
    # A workbook renamed .dat is still a workbook; a PNG named .txt is not text.
    assert is_document(to_xlsx([TARGET_FORM])) == "xlsx"
    assert is_document(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR") is None
    assert is_document("绩效目标".encode("gb18030")) == "text"
    assert is_document("项".encode()[:-1]) is None  # no whole Chinese character
    assert is_document("培训人次".encode()[:-1]) == "text"  # cut at the head's end
    assert is_document(b"abc \xff\xfe\xfa\xfb Downloaded") is None  # neither UTF-8 nor GB18030


def test_a_folder_gives_what_read_gives_file_by_file(folder: Path, tmp_path: Path) -> None:
    database = tmp_path / "data.sqlite"
    summary = export_dataset([str(folder)], database)
    assert (summary.found, summary.read, summary.unchanged, summary.others) == (8, 8, 0, 2)
    assert [Path(path).name for path, _ in summary.refused] == ["broken.pdf"]
    tables = dataset(database)
    by_path = {row["path"]: row for row in tables["documents"]}
    for path, row in by_path.items():
        if row["status"] != "read":
            continue
        document, _ = read_any(Path(path).read_bytes(), name=path)
        indicators = [item for item in tables["indicators"] if item["path"] == path]
        assert [item["name"] for item in indicators] == [i.name for i in _items(document)]
        assert [item["annual_raw"] for item in indicators] == [
            None if i.annual is None else i.annual.raw for i in _items(document)
        ]
        assert [item["location"] for item in indicators] == [
            str(i.location) for i in _items(document)
        ]
    assert summary.indicators == len(tables["indicators"]) == 5 + 5 + 7 + 8 + 5 + 33 + 1


def test_rows_hold_the_values_typed_and_exact(folder: Path, tmp_path: Path) -> None:
    database = tmp_path / "data.sqlite"
    export_dataset([str(folder)], database)
    workbook = str(folder / "2022" / "目标表.xlsx")
    document = next(row for row in table_rows(database, "documents") if row["path"] == workbook)
    assert document["format"] == "xlsx"
    assert document["form"] == "project-targets"
    assert (document["title"], document["year"]) == ("项目支出绩效目标申报表（2023年度）", 2023)
    assert (document["status"], document["projects"], document["indicators"]) == ("read", 1, 5)
    assert document["sha256"] == content_hash((folder / "2022" / "目标表.xlsx").read_bytes())
    project = next(row for row in table_rows(database, "projects") if row["path"] == workbook)
    assert (project["name"], project["department"]) == ("农村公路养护", "县交通运输局")
    rows = [row for row in table_rows(database, "indicators") if row["path"] == workbook]
    first = rows[0]
    assert (first["project"], first["position"], first["name"]) == (1, 1, "养护里程")
    assert (first["level_name"], first["category_name"]) == ("产出指标", "数量指标")
    assert first["annual_kind"] == "quantity"
    assert (first["annual_op"], first["annual_value"], first["annual_unit"]) == (
        ">=",
        "300",
        "公里",
    )
    assert first["annual_value_real"] == 300.0
    assert first["location"] == "sheet 目标表, D4:E4"
    assert rows[3]["annual_kind"] == "text"
    assert rows[3]["annual_text"] == "明显改善"


def test_a_self_evaluation_gives_its_actual_results_points_and_audit(
    folder: Path, tmp_path: Path
) -> None:
    database = tmp_path / "data.sqlite"
    export_dataset([str(folder)], database)
    path = str(folder / "2023" / "自评" / "road.tsv")
    rows = [row for row in table_rows(database, "indicators") if row["path"] == path]
    fourth = rows[3]
    assert fourth["name"] == "完工时间"
    assert (fourth["annual_kind"], fourth["annual_year"], fourth["annual_month"]) == (
        "date",
        2023,
        11,
    )
    assert (fourth["actual_kind"], fourth["actual_day"]) == ("date", 15)
    assert (fourth["weight"], fourth["points"], fourth["points_real"]) == ("10", "8", 8.0)
    findings = [row for row in table_rows(database, "findings") if row["path"] == path]
    assert [(row["code"], row["number"], row["project"]) for row in findings] == [
        ("PA101", 4, 1),
        ("PA401", 6, 1),
    ]
    assert findings[0]["location"] == "pasted table 1, row 15, columns 1–9"
    assert findings[0]["source"] == "audit"
    sample = [row for row in table_rows(database, "findings") if row["path"].endswith("baiyun.txt")]
    assert sample[0]["source"] == "check"
    assert (sample[0]["code"], sample[0]["location"]) == ("PI201", "line 24, column 16")


def test_a_refused_file_has_its_reason_and_no_rows(folder: Path, tmp_path: Path) -> None:
    database = tmp_path / "data.sqlite"
    export_dataset([str(folder)], database)
    path = str(folder / "broken.pdf")
    tables = dataset(database)
    document = next(row for row in tables["documents"] if row["path"] == path)
    assert (document["status"], document["format"]) == ("refused", "pdf")
    assert document["error"].startswith("not a readable PDF")  # the path is the row's own
    errors = [row for row in tables["errors"] if row["path"] == path]
    assert [(row["kind"], row["skipped"]) for row in errors] == [("FormError", 0)]
    assert errors[0]["message"] == document["error"]
    for table in ("projects", "indicators", "findings"):
        assert not [row for row in tables[table] if row["path"] == path]


def test_a_bare_block_has_no_project(folder: Path, tmp_path: Path) -> None:
    database = tmp_path / "data.sqlite"
    export_dataset([str(folder)], database)
    path = str(folder / "block.txt")
    document = next(row for row in table_rows(database, "documents") if row["path"] == path)
    assert (document["form"], document["projects"], document["indicators"]) == (None, 0, 1)
    (item,) = [row for row in table_rows(database, "indicators") if row["path"] == path]
    assert (item["project"], item["position"], item["annual_kind"]) == (None, 1, "range")
    assert (item["annual_low"], item["annual_high"], item["annual_unit"]) == ("20", "35", "次")


def test_views_answer_the_common_questions(folder: Path, tmp_path: Path) -> None:
    database = tmp_path / "data.sqlite"
    export_dataset([str(folder)], database)
    connection = sqlite3.connect(database)
    refused = connection.execute("SELECT path FROM refused_files").fetchall()
    assert refused == [(str(folder / "broken.pdf"),)]
    words = connection.execute(
        "SELECT name, annual_raw FROM unmeasurable_targets WHERE path = ? ORDER BY position",
        (str(folder / "2022" / "目标表.xlsx"),),
    ).fetchall()
    assert words == [("群众出行条件", "明显改善")]
    years = connection.execute(
        "SELECT year, COUNT(*) FROM indicator_facts GROUP BY year ORDER BY year"
    ).fetchall()
    assert sum(count for _, count in years) == 64
    connection.close()


def test_a_second_run_reads_only_new_and_changed_files(folder: Path, tmp_path: Path) -> None:
    database = tmp_path / "data.sqlite"
    export_dataset([str(folder)], database)
    first = dataset(database)
    again = export_dataset([str(folder)], database)
    assert (again.read, again.unchanged, again.removed) == (0, 8, 0)
    assert dataset(database) == first
    # One file changes, one goes, one comes.
    (folder / "block.txt").write_text(BLOCK.replace("20-35次", "不低于97%"), encoding="utf-8")
    (folder / "2022" / "目标表.docx").unlink()
    shutil.copy(SAMPLE, folder / "2023" / "baiyun-copy.txt")
    third = export_dataset([str(folder)], database)
    assert (third.read, third.unchanged, third.removed) == (2, 6, 1)
    tables = dataset(database)
    docx = str(folder / "2022" / "目标表.docx")
    for rows in tables.values():
        assert not [row for row in rows if row["path"] == docx]
    (block,) = [row for row in tables["indicators"] if row["path"] == str(folder / "block.txt")]
    assert (block["annual_op"], block["annual_value"], block["annual_unit"]) == (">=", "97", "%")
    fresh = tmp_path / "fresh.sqlite"
    export_dataset([str(folder)], fresh)
    assert dataset(fresh) == tables


def test_files_of_other_folders_are_kept(folder: Path, tmp_path: Path) -> None:
    other = tmp_path / "city"
    other.mkdir()
    (other / "block.txt").write_text(BLOCK, encoding="utf-8")
    database = tmp_path / "data.sqlite"
    export_dataset([str(folder)], database)
    export_dataset([str(other)], database)
    paths = {row["path"] for row in table_rows(database, "documents")}
    assert str(other / "block.txt") in paths
    assert str(folder / "block.txt") in paths


def test_an_interrupted_run_leaves_whole_files_and_the_next_finishes(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    database = tmp_path / "data.sqlite"
    written = store._write
    calls = []

    def interrupted(connection: sqlite3.Connection, rows: Any) -> None:
        calls.append(rows.path)
        if len(calls) == 4:
            # Killed half-way through the fourth file: its documents row is in, its
            # indicators not yet.
            connection.execute("BEGIN")
            connection.execute("DELETE FROM documents WHERE path = ?", (rows.path,))
            raise KeyboardInterrupt
        written(connection, rows)

    monkeypatch.setattr(store, "_write", interrupted)
    with pytest.raises(KeyboardInterrupt):
        export_dataset([str(folder)], database)
    monkeypatch.setattr(store, "_write", written)
    kept = dataset(database)
    assert [row["path"] for row in kept["documents"]] == sorted(calls[:3])
    for row in kept["documents"]:
        indicators = [item for item in kept["indicators"] if item["path"] == row["path"]]
        assert len(indicators) == (row["indicators"] or 0)
    summary = export_dataset([str(folder)], database)
    assert (summary.read, summary.unchanged) == (5, 3)
    fresh = tmp_path / "fresh.sqlite"
    export_dataset([str(folder)], fresh)
    assert dataset(database) == dataset(fresh)


def test_a_transaction_that_fails_half_way_writes_nothing_of_the_file(
    folder: Path, tmp_path: Path
) -> None:
    database = tmp_path / "data.sqlite"
    export_dataset([str(folder / "2022")], database)
    connection = store.open_store(database)
    rows = store.read_file(str(SAMPLE))
    broken = rows._replace(
        tables={**rows.tables, "findings": [(*rows.tables["findings"][0][:-1],)]}
    )  # a findings row one column short: its INSERT fails after the indicators went in
    with pytest.raises(sqlite3.Error):
        store._write(connection, broken)
    connection.close()
    assert str(SAMPLE) not in {row["path"] for row in table_rows(database, "indicators")}
    assert str(SAMPLE) not in {row["path"] for row in table_rows(database, "documents")}


def test_two_processes_write_the_same_dataset(folder: Path, tmp_path: Path) -> None:
    one, two = tmp_path / "one.sqlite", tmp_path / "two.sqlite"
    export_dataset([str(folder)], one, jobs=1)
    export_dataset([str(folder)], two, jobs=2)
    assert dataset(one) == dataset(two)


def test_a_database_of_another_kind_is_refused(tmp_path: Path) -> None:
    other = tmp_path / "other.sqlite"
    connection = sqlite3.connect(other)
    connection.execute("CREATE TABLE t (x)")
    connection.commit()
    connection.close()
    with pytest.raises(store.StoreError, match="a database that perfindicator export did not"):
        store.open_store(other)
    old = tmp_path / "old.sqlite"
    store.open_store(old).close()
    connection = sqlite3.connect(old)
    connection.execute("UPDATE meta SET value = '0' WHERE key = 'schema'")
    connection.commit()
    connection.close()
    with pytest.raises(store.StoreError, match="made with dataset schema 0, this release"):
        store.open_store(old)
    text = tmp_path / "notes.sqlite"
    text.write_text("not a database at all, but long enough to be looked at" * 20)
    with pytest.raises(store.StoreError, match="not a database this can write"):
        store.open_store(text)


def run(*arguments: str) -> tuple[int, str, str]:
    """The command's exit status, what it wrote to standard output and to standard error."""
    stdout, stderr = io.StringIO(), io.StringIO()
    status = main(["export", *arguments], stdout, stderr)
    return status, stdout.getvalue(), stderr.getvalue()


def test_the_command_summarises_the_run(folder: Path, tmp_path: Path) -> None:
    database = tmp_path / "data.sqlite"
    status, said, errors = run(str(folder), "-o", str(database))
    assert (status, errors) == (1, "")  # a file was refused; the summary is the output
    lines = said.splitlines()
    assert lines[0] == "8 documents found, 2 other files passed over"
    assert lines[1] == "read 8, unchanged 0, removed 0"
    assert lines[2] == "refused 1:"
    assert lines[3].startswith(f"  {folder / 'broken.pdf'}: not a readable PDF")
    assert lines[4] == "this run: 11 projects, 64 indicators, 9 findings"
    assert lines[5] == f"{database} holds 8 documents (1 refused), 11 projects, 64 indicators"
    assert len(lines) == 6
    status, said, _ = run(str(folder), "-o", str(database))
    assert status == 0
    assert said.splitlines()[1:] == [
        "read 0, unchanged 8, removed 0",
        "this run: 0 projects, 0 indicators, 0 findings",
        f"{database} holds 8 documents (1 refused), 11 projects, 64 indicators",
    ]


def test_the_command_refuses_what_it_cannot_do(folder: Path, tmp_path: Path) -> None:
    status, out, said = run(str(tmp_path / "nowhere"), "-o", str(tmp_path / "d.sqlite"))
    assert (status, out, said) == (1, "", f"{tmp_path / 'nowhere'}: no such file or folder\n")
    status, _, said = run(str(folder), "-o", str(tmp_path))
    assert (status, said) == (1, f"{tmp_path}: cannot write: a folder (give a database file)\n")
    (tmp_path / "file").write_text("x")
    status, _, said = run(str(folder), "--format", "parquet", "-o", str(tmp_path / "file"))
    assert (status, said) == (
        1,
        f"{tmp_path / 'file'}: cannot write: not a folder (--format parquet)\n",
    )
    with pytest.raises(SystemExit):
        run(str(folder))  # -o is required


@pytest.fixture
def pyarrow() -> Any:
    return pytest.importorskip(
        "pyarrow.parquet", reason="needs pyarrow: pip install 'perfindicator[parquet]'"
    )


def test_parquet_holds_the_same_rows(folder: Path, tmp_path: Path, pyarrow: Any) -> None:
    out = tmp_path / "parquet"
    status, _, _ = run(str(folder), "--format", "parquet", "-o", str(out))
    assert status == 1
    database = out / store.STATE
    for table in TABLES:
        read_back = pyarrow.read_table(out / f"{table}.parquet")
        assert read_back.column_names == [column.name for column in TABLES[table]]
        assert read_back.to_pylist() == table_rows(database, table)
    types = pyarrow.read_table(out / "indicators.parquet").schema
    assert str(types.field("annual_value_real").type) == "double"
    assert str(types.field("position").type) == "int64"
    assert sorted(path.name for path in out.iterdir()) == [
        "_export.sqlite",
        *sorted(f"{table}.parquet" for table in TABLES),
    ]
    # Again, unchanged: the same files.
    status, said, _ = run(str(folder), "--format", "parquet", "-o", str(out))
    assert "read 0, unchanged 8" in said


def test_partitions_written_apart_join_into_the_dataset(
    folder: Path, tmp_path: Path, pyarrow: Any
) -> None:
    paths = find_documents([str(folder)]).documents
    out = tmp_path / "parts"
    first = store.export_partition(paths[:3], out)
    second = store.export_partition(paths[3:], out)
    assert first[0]["files"] + second[0]["files"] == 8
    database = tmp_path / "data.sqlite"
    export_dataset([str(folder)], database)
    import pyarrow.dataset

    for table in TABLES:
        rows = pyarrow.dataset.dataset(out / table).to_table().to_pylist()
        key = [column.name for column in TABLES[table]][:3]
        ordered = sorted(rows, key=lambda row: tuple(str(row[name]) for name in key))
        expected = sorted(
            table_rows(database, table), key=lambda row: tuple(str(row[name]) for name in key)
        )
        assert ordered == expected


def test_the_dask_recipe_writes_partitioned_parquet(
    folder: Path, tmp_path: Path, pyarrow: Any
) -> None:
    bag = pytest.importorskip("dask.bag")
    distributed = pytest.importorskip("distributed")
    paths = find_documents([str(folder)]).documents
    out = tmp_path / "parts"
    with (
        distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=False) as cluster,
        distributed.Client(cluster),
    ):
        files = bag.from_sequence(paths, npartitions=3)
        summaries = files.map_partitions(store.export_partition, str(out)).compute()
    assert sum(part["files"] for part in summaries) == 8
    assert sum(part["refused"] for part in summaries) == 1
    import pyarrow.dataset

    indicators = pyarrow.dataset.dataset(out / "indicators").to_table()
    assert indicators.num_rows == 64
    assert len(list((out / "indicators").glob("part-*.parquet"))) == 3


def test_the_dataset_page_lists_every_column() -> None:
    page = (ROOT.parent / "docs" / "datasets.md").read_text(encoding="utf-8")
    assert page.endswith("\n" + columns_markdown())


def test_the_schema_file_is_the_dataset_s(folder: Path, tmp_path: Path) -> None:
    import json

    jsonschema = pytest.importorskip("jsonschema")
    path = ROOT.parent / "docs" / "schema" / "dataset.schema.json"
    schema = json.loads(path.read_text(encoding="utf-8"))
    assert schema == dataset_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    database = tmp_path / "data.sqlite"
    export_dataset([str(folder)], database)
    for table, rows in dataset(database).items():
        validator = jsonschema.Draft202012Validator({**schema, "$ref": f"#/$defs/{table}"})
        for row in rows:
            validator.validate(row)
    row = table_rows(database, "indicators")[0]
    validator = jsonschema.Draft202012Validator({**schema, "$ref": "#/$defs/indicators"})
    with pytest.raises(jsonschema.ValidationError):
        validator.validate({**row, "annual_value": "300.00"})  # not canonical
    with pytest.raises(jsonschema.ValidationError):
        validator.validate({**row, "position": "1"})


def test_a_pdf_in_the_folder_has_its_pages(tmp_path: Path) -> None:
    pytest.importorskip("reportlab", reason="prints its PDF with reportlab")
    pytest.importorskip("pypdfium2", reason="needs pypdfium2: pip install 'perfindicator[pdf]'")
    import _pdfs

    folder = tmp_path / "pdfs"
    folder.mkdir()
    (folder / "form.pdf").write_bytes(_pdfs.to_pdf([TARGET_FORM]))
    database = tmp_path / "data.sqlite"
    summary = export_dataset([str(folder)], database)
    assert (summary.read, summary.refused) == (1, [])
    (document,) = table_rows(database, "documents")
    assert (document["format"], document["pages"], document["form"]) == (
        "pdf",
        1,
        "project-targets",
    )
    rows = table_rows(database, "indicators")
    read_back = read_any((folder / "form.pdf").read_bytes(), name=str(folder / "form.pdf"))[0]
    assert [row["name"] for row in rows] == [item.name for item in _items(read_back)]
    assert rows[0]["boxes"].startswith("page 1: ")


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_terminal_shows_a_progress_bar(folder: Path, tmp_path: Path) -> None:
    pytest.importorskip("tqdm", reason="the bar is tqdm's: pip install 'perfindicator[progress]'")
    terminal, summary = _Terminal(), io.StringIO()
    status = main(["export", str(folder), "-o", str(tmp_path / "d.sqlite")], summary, terminal)
    assert status == 1
    assert "0/8 [" in terminal.getvalue()  # tqdm's bar: files read of the files to read
    assert summary.getvalue().splitlines()[0] == "8 documents found, 2 other files passed over"
    # Not a terminal: no bar.
    _, _, said = run(str(folder), "-o", str(tmp_path / "e.sqlite"))
    assert said == ""


def test_a_killed_run_is_finished_by_the_next(tmp_path: Path) -> None:
    """The command killed (SIGKILL: no clean-up at all) while it writes: the database holds
    whole files, and the next run gives the dataset a run never stopped gives."""
    import os
    import signal
    import subprocess
    import sys
    import time

    folder = tmp_path / "many"
    folder.mkdir()
    text = SAMPLE.read_text(encoding="utf-8")
    for number in range(300):
        (folder / f"{number:03d}.txt").write_text(text.replace("白云区", f"第{number}区"), "utf-8")
    database = tmp_path / "data.sqlite"
    env = {**os.environ, "PYTHONPATH": str(ROOT.parent / "src")}
    command = [sys.executable, "-m", "perfindicator", "export", str(folder), "-o", str(database)]
    process = subprocess.Popen(command, env=env, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    count = 0
    while time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.05)
        try:
            connection = sqlite3.connect(database, timeout=0.1)
            count = connection.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
            connection.close()
        except sqlite3.Error:
            continue
        if count >= 20:
            break
    process.send_signal(signal.SIGKILL)
    process.wait()
    if count >= 300 or process.returncode != -signal.SIGKILL:
        pytest.skip("the run ended before it could be killed")
    kept = dataset(database)
    assert 0 < len(kept["documents"]) < 300
    for row in kept["documents"]:
        assert len([item for item in kept["indicators"] if item["path"] == row["path"]]) == 33
    summary = export_dataset([str(folder)], database)
    assert summary.read == 300 - len(kept["documents"])
    fresh = tmp_path / "fresh.sqlite"
    export_dataset([str(folder)], fresh)
    assert dataset(database) == dataset(fresh)


def test_a_name_that_is_not_utf8_is_kept_escaped(tmp_path: Path) -> None:
    import os

    folder = tmp_path / "names"
    folder.mkdir()
    name = os.fsdecode(os.fsencode(str(folder)) + b"/\xff\xfe.txt")
    try:
        Path(name).write_text(BLOCK, encoding="utf-8")
    except (OSError, UnicodeError):
        pytest.skip("this file system takes UTF-8 names only")
    database = tmp_path / "data.sqlite"
    assert export_dataset([str(folder)], database).read == 1
    (document,) = table_rows(database, "documents")
    assert document["path"] == f"{folder}/\\xff\\xfe.txt"
    assert document["status"] == "read"
    assert export_dataset([str(folder)], database).unchanged == 1
    Path(name).unlink()
    assert export_dataset([str(folder)], database).removed == 1


def test_parquet_without_pyarrow_names_the_extra(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "pyarrow", None)
    monkeypatch.setitem(sys.modules, "pyarrow.parquet", None)
    status, _, said = run(str(folder), "--format", "parquet", "-o", str(tmp_path / "out"))
    assert (status, said) == (
        1,
        "writing Parquet needs pyarrow: pip install 'perfindicator[parquet]'\n",
    )
    with pytest.raises(InputError, match=r"perfindicator\[parquet\]"):
        store.export_partition([str(SAMPLE)], tmp_path / "parts")


def test_a_folder_named_two_ways_or_linked_gives_each_file_once(
    folder: Path, tmp_path: Path
) -> None:
    import os

    (folder / "block-link.txt").symlink_to(folder / "block.txt")
    (tmp_path / "again").symlink_to(folder)
    database = tmp_path / "data.sqlite"
    summary = export_dataset([str(folder), str(folder) + "/./", str(tmp_path / "again")], database)
    assert (summary.found, summary.read) == (8, 8)
    paths = [row["path"] for row in table_rows(database, "documents")]
    assert len(paths) == len(set(paths)) == 8
    assert str(folder / "block.txt") in paths
    # Run from the folder, named relatively: the same documents, nothing read again.
    here = os.getcwd()
    try:
        os.chdir(folder.parent)
        again = export_dataset(["province"], database)
    finally:
        os.chdir(here)
    assert (again.read, again.unchanged, again.removed) == (0, 8, 0)


def test_what_cannot_be_a_document_is_refused_without_waiting(tmp_path: Path) -> None:
    import os

    folder = tmp_path.resolve() / "odd"
    folder.mkdir()
    (folder / "empty.txt").write_bytes(b"")
    (folder / "nowhere.txt").symlink_to(folder / "gone.txt")
    if hasattr(os, "mkfifo"):
        os.mkfifo(folder / "pipe.txt")  # opened for reading, it would wait for a writer
    (folder / "block.txt").write_text(BLOCK, encoding="utf-8")
    database = tmp_path / "data.sqlite"
    summary = export_dataset([str(folder)], database)
    refused = dict(summary.refused)
    assert refused.pop(str(folder / "empty.txt")) == "no indicators: the file is empty"
    assert refused.pop(str(folder / "gone.txt")).startswith("cannot read")
    if hasattr(os, "mkfifo"):
        assert "not a regular file" in refused.pop(str(folder / "pipe.txt"))
    assert refused == {}
    assert summary.indicators == 1


def test_a_folder_that_cannot_be_listed_keeps_its_rows(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    database = tmp_path / "data.sqlite"
    export_dataset([str(folder)], database)
    before = dataset(database)
    walk = store.os.walk
    locked = str(folder / "2023")

    def denied(top: str, onerror: Any = None, **keywords: Any) -> Any:
        for folder_, folders, files in walk(top, onerror=onerror, **keywords):
            if folder_ == locked:  # as a folder without read permission: listed as empty
                onerror(PermissionError(13, "Permission denied", locked))
                continue
            yield folder_, folders, files

    monkeypatch.setattr(store.os, "walk", denied)
    summary = export_dataset([str(folder)], database)
    assert summary.unlisted == ((locked, "Permission denied"),)
    assert summary.removed == 0
    assert dataset(database) == before
    status, said, _ = run(str(folder), "-o", str(database))
    assert status == 1
    assert said.splitlines()[2:4] == [
        "could not list 1 folder (the rows of their files were kept):",
        f"  {locked}: Permission denied",
    ]


def test_recover_lists_what_it_skipped_and_a_change_of_mode_reads_again(
    tmp_path: Path,
) -> None:
    folder = tmp_path.resolve() / "blocks"
    folder.mkdir()
    damaged = BLOCK + "2、1-产出指标；12-质量指标；年度指标值:不低于\n3、【\n"
    (folder / "damaged.txt").write_text(damaged, encoding="utf-8")
    database = tmp_path / "data.sqlite"
    strict = export_dataset([str(folder)], database)
    assert [path for path, _ in strict.refused] == [str(folder / "damaged.txt")]
    recovered = export_dataset([str(folder)], database, recover=True)
    assert (recovered.read, recovered.refused) == (1, [])
    assert recovered.skipped
    assert all(path.endswith("damaged.txt") for path, _ in recovered.skipped)
    (document,) = table_rows(database, "documents")
    assert document["status"] == "read"
    assert document["reader"].endswith(" --recover")
    assert export_dataset([str(folder)], database, recover=True).read == 0
    assert export_dataset([str(folder)], database).read == 1  # strict again: read again
    status, said, _ = run(str(folder), "-o", str(database), "--recover")
    assert status == 0  # nothing refused: what was skipped is listed, not failed
    lines = said.splitlines()
    assert lines[2] == f"skipped by --recover, {len(recovered.skipped)}:"
    assert lines[3].startswith(f"  {folder / 'damaged.txt'}: ")


def test_max_bytes_caps_every_file(
    folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    database = tmp_path / "data.sqlite"
    status, said, _ = run(str(folder), "-o", str(database), "--max-bytes", "1K")
    assert status == 1
    refused = {row["path"]: row["error"] for row in table_rows(database, "documents")}
    big = str(folder / "2023" / "baiyun.txt")
    assert f"  {big}: {refused[big]}" in said.splitlines()
    assert "1,024" in refused[big] or "1024" in refused[big]
    small = str(folder / "block.txt")
    assert (folder / "block.txt").stat().st_size < 1024
    statuses = {row["path"]: row["status"] for row in table_rows(database, "documents")}
    assert statuses[small] == "read"
    assert statuses[big] == "refused"
    with pytest.raises(SystemExit) as exited:
        run(str(folder), "-o", str(database), "--max-bytes", "lots")
    assert exited.value.code == 2
    assert "--max-bytes: not a size in bytes such as 64M: 'lots'" in capsys.readouterr().err


def test_an_interrupted_command_says_what_it_left(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def interrupted(*arguments: Any, **keywords: Any) -> Any:
        raise KeyboardInterrupt

    monkeypatch.setattr("perfindicator.export.folders.export_dataset", interrupted)
    status, out, said = run(str(folder), "-o", str(tmp_path / "data.sqlite"))
    assert (status, out) == (130, "")
    assert said == "interrupted: the files written so far are whole; run again for the rest\n"
