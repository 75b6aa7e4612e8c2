"""Page furniture of a text target table: the head read once, and what every page repeats.

A table's first page opens with its head: the title, the department line (部门名称：… 单位：万元)
and the column header (项目名称 总计 财政拨款 …). Every later page repeats them (the title may
become 项目支出绩效目标表（续） or 续表), with a page number above, below or beside them; the web
page or PDF around the table adds its own text (联系电话：…, 发布日期：…). ``strip_furniture``
finds all of it, keeps the first page's head for ``read_head`` (department, currency and the
order of the amount columns) and gives the table's own lines with the ranges it skipped, so
that joined text maps back to the caller's offsets.
"""

from __future__ import annotations

import re

import attrs

from perfindicator.core.text import closest
from perfindicator.forms.text_lines import MAX_ROW_LENGTH, NOT_A_NAME, SPACE, Line, quote, report
from perfindicator.model.errors import ParseError


def _page(space: str) -> str:
    """第2页, or 第2页 共5页, with ``space`` for the spaces between its parts."""
    return rf"第{space}*[0-9]+{space}*页(?:{space}*[,，/]?{space}*共{space}*[0-9]+{space}*页)?"


#: The page number the department line may end with (its spaces are those of one line).
_PAGE_IN_LINE = _page(r"[ \t]")
#: The same on a line of its own.
_PAGE_ALONE = _page(r"\s")


#: 部门名称：X (部门) 单位：万元. The name is every character that is not a space or the start of
#: the (部门) tag or the 单位 label, with spaces only between words: no two adjacent space
#: patterns, so a line of many spaces is read in linear time.
_NOT_IN_NAME = rf"(?!(?:金额)?单位[ \t]*[:：]|[(（][ \t]*部门[ \t]*[)）]|{_PAGE_IN_LINE})\S"
_DEPARTMENT = re.compile(
    r"^(?:部门(?:[(（]单位[)）])?(?:名称)?|单位名称|填报单位|编制部门|预算单位)[ \t]*[:：][ \t]*"
    rf"(?P<name>(?:{_NOT_IN_NAME})+(?:[ \t]+(?:{_NOT_IN_NAME})+)*)?"
    r"(?:[ \t]*[(（][ \t]*部门[ \t]*[)）])?"
    r"(?:[ \t]*(?:金额)?单位[ \t]*[:：][ \t]*(?P<currency>\S+))?"
    rf"(?:[ \t]+{_PAGE_IN_LINE})?[ \t]*$"
)
#: The unit of the amounts on a line of its own (extraction may part it from the department
#: line, which prints it flush right): 单位：万元.
_CURRENCY = re.compile(r"^(?:金额)?单位[ \t]*[:：][ \t]*(?P<currency>\S+)[ \t]*$")
#: The column header: 项目名称 with the headings after it (a sentence of a goal may also start
#: with 项目名称, as in 项目名称核准及立项等手续, and is kept).
_HEADER = re.compile(
    # \s*+ gives back no space to .*: a long run of spaces is scanned once, not once per space.
    r"^项目名称(?:[（(][^）)]*[）)])?\s*+(?:$|.*?(?:总计|合计|财政拨款|其他资金|绩效目标|绩效指标|资金))"
)
_HEADER_WORD = re.compile(
    r"总计|合计|财政专户拨款|财政专户|财政拨款|拨款|其他资金|资金|绩效目标|绩效指标|指标|目标|资金使用单位"
)
#: The rest of a column header wrapped onto a line of its own: 拨款 其他资金 绩效目标 绩效指标.
_HEADER_REST = re.compile(
    r"^(?:(?:总计|合计|财政专户拨款|财政专户|财政拨款|拨款|其他资金|资金|绩效目标|绩效指标|指标|目标"
    r"|资金使用单位|[（(）)])\s*)+$"
)
#: Page numbers that cannot be anything else: 第2页, 第2页 共5页, - 2 -, 2/5.
PAGE_NUMBER = re.compile(rf"^(?:{_PAGE_ALONE}|-\s*[0-9]+\s*-|[0-9]+\s*/\s*[0-9]+)$")
#: A bare number line is a page number only next to other page furniture.
_BARE_NUMBER = re.compile(r"^[1-9][0-9]{0,3}$")

#: Text of the web page or PDF around the table, never part of it, by what it is: a labelled
#: line (联系电话：020-86123456, 浏览次数：1234, 发布日期：2024-03-15), a date and time of
#: publication, or a budget subject code (功能分类科目编码, 2010301) on a line of its own.
_CHROME_LABEL = r"[ \t\u3000]*(?:[:：].*|{})$"  # a colon, or nothing but a figure after it
_CHROME = {
    "contact details": re.compile(
        r"^(?:联系电话|咨询电话|监督电话|投诉电话|办公电话|电话|传真|联系人|联系方式|邮箱|电子邮箱)"
        + _CHROME_LABEL.format(r"[0-9０-９(（][0-9０-９()（）\-－ 转]*")
    ),
    "a view count": re.compile(
        r"^(?:浏览次数|浏览量|阅读次数|阅读量|点击次数|点击数|点击量|访问次数|访问量)"
        + _CHROME_LABEL.format(r"[0-9０-９][0-9０-９,，.． ]*")
    ),
    "a date of publication": re.compile(
        r"^(?:(?:发布|更新|成文|印发|公开)(?:日期|时间)|日期)"
        + _CHROME_LABEL.format(r"[0-9０-９][0-9０-９年月日\-/.． :：]*")
        + r"|^(?:19|20)[0-9]{2}[-/](?:1[0-2]|0?[1-9])[-/](?:3[01]|[12][0-9]|0?[1-9])"
        r"(?:[ \t\u3000]+[0-2]?[0-9]:[0-5][0-9](?::[0-5][0-9])?)?$"
    ),
    "the page's source": re.compile(
        r"^(?:信息来源|文章来源|来源|发布机构|发布单位)[ \t\u3000]*[:：]"
    ),
    "a budget subject code": re.compile(r"^(?:科目编码[ \t\u3000]*[:：].*|2[0-9]{6})$"),
}


def _chrome(line: Line) -> str | None:
    """What page text around the table ``line`` is (see ``_CHROME``), or None."""
    return next((kind for kind, found in _CHROME.items() if found.match(line.text)), None)


def _chrome_error(text: str, line: Line, kind: str) -> ParseError:
    return ParseError(
        f"expected the text of the table, found {kind} from the page around it"
        f" '{quote(line.text)}', which is left out",
        text,
        line.start,
        line.end,
    )


def _drop_page_numbers(lines: list[Line], furniture: list[bool]) -> None:
    """Mark the bare numbers that are page numbers as furniture.

    The k-th run of repeated furniture is the k-th page break. A bare number next to it is a page
    number when it reads k just before it (the footer of page k), or k + 1 just before it (the top
    of page k + 1, put first by the extractor) or just after it (the top of page k + 1, after the
    repeated header). A document numbers its pages in one place, so only the placement seen most
    often counts, and a break whose run already has its page number (第2页, - 2 -) takes no bare
    number: content that happens to read like a page number, such as a wrapped 1 of 1辆, is kept.
    """
    run = [0] * len(lines)
    breaks = 0
    numbered: set[int] = set()
    for position, is_furniture in enumerate(furniture):
        if is_furniture and (position == 0 or not furniture[position - 1]):
            breaks += 1
        if is_furniture:
            run[position] = breaks
            if PAGE_NUMBER.match(lines[position].text):
                numbered.add(breaks)
    placements: dict[str, list[int]] = {"footer": [], "top": [], "after header": []}
    for position, line in enumerate(lines):
        if furniture[position] or _BARE_NUMBER.match(line.text) is None:
            continue
        number = int(line.text)
        following = run[position + 1] if position + 1 < len(lines) else 0
        preceding = run[position - 1] if position > 0 else 0
        if following and following not in numbered:
            if number == following:
                placements["footer"].append(position)
            elif number == following + 1:
                placements["top"].append(position)
        if preceding and preceding not in numbered and number == preceding + 1:
            placements["after header"].append(position)
    style = max(placements, key=lambda name: len(placements[name]))
    for position in placements[style]:
        furniture[position] = True
    last = lines[-1].text if lines else ""
    footers = breaks and style == "footer" and placements[style]
    if footers and _BARE_NUMBER.match(last) and int(last) == breaks + 1:
        furniture[-1] = True  # the last page's footer


def _continues_header(previous: Line, line: Line) -> bool:
    """Whether ``line`` is the rest of a column header wrapped onto the next line."""
    header = _HEADER.match(previous.text) is not None or _HEADER_REST.match(previous.text)
    # Two heading words at least: a lone 指标 or 资金 is more likely a wrapped piece of content.
    return (
        bool(header)
        and _HEADER_REST.match(line.text) is not None
        and len(_HEADER_WORD.findall(line.text)) >= 2
    )


def _garbled_department(line: Line) -> bool:
    """Whether a line of the table's head starts as the department line does but does not
    read as one (部门名：…, 部门名称 without its colon)."""
    return (
        line.text.startswith("部门")
        and _DEPARTMENT.match(line.text) is None
        and _HEADER.match(line.text) is None
        and len(line.text) <= MAX_ROW_LENGTH
        and not NOT_A_NAME.search(line.text)
    )


#: The mark of a continuation page, at the end of a line: 续表, 续上表, （续）, (续表).
_CONTINUED = re.compile(r"(?:[（(][ \t\u3000]*续上?表?[ \t\u3000]*[)）]|续上?表)$")


#: What a title may have in brackets after its last 表: （含转移支付项目）.
_QUALIFIERS = re.compile(r"(?:[ \t\u3000]*[（(][^（()）]*[)）])*[ \t\u3000]*")


def _title_base(title: str) -> str:
    """A title without what it has in brackets after its last 表."""
    end = title.rfind("表") + 1
    return title[:end] if end and _QUALIFIERS.fullmatch(title, end) else title


def _continues_title(line: Line, title: str) -> bool:
    """Whether ``line`` heads a continuation page: 续表 or （续） alone, or after the table's
    title (项目支出绩效目标表（续）), with or without what the title has in brackets after its
    last 表 (项目支出绩效目标表（含转移支付项目） continues as 项目支出绩效目标表（续）)."""
    mark = _CONTINUED.search(line.text)
    if mark is None:
        return False
    written = line.text[: mark.start()].rstrip(SPACE)
    return not written or _title_base(written) == _title_base(title)


def _is_furniture(line: Line, title: str) -> bool:
    return (
        line.text == title
        or _continues_title(line, title)
        or _DEPARTMENT.match(line.text) is not None
        or _CURRENCY.match(line.text) is not None
        or _HEADER.match(line.text) is not None
        or PAGE_NUMBER.match(line.text) is not None
    )


def _without_furniture(
    lines: list[Line],
) -> tuple[list[Line], list[Line], list[tuple[int, int]]]:
    """The header lines (first title, department and column header), the content lines after
    them, and the ranges of every repeated piece of page furniture."""
    title = lines[0].text
    head = [lines[0]]
    index = 1
    # Other lines before the column header: a department line that does not read, a subtitle.
    # Each page may repeat them too.
    other: set[str] = set()
    while index < len(lines) and index < 6:
        line = lines[index]
        if not (_is_furniture(line, title) or _continues_header(head[-1], line)):
            ahead = lines[index + 1 : index + 3]
            if not any(_HEADER.match(later.text) for later in ahead):
                break
            other.add(line.text)
        head.append(line)
        index += 1
    rest = lines[index:]
    furniture = [_is_furniture(line, title) or line.text in other for line in rest]
    for position in range(1, len(rest)):
        if furniture[position - 1] and _continues_header(rest[position - 1], rest[position]):
            furniture[position] = True  # 拨款 其他资金 绩效目标 绩效指标 wrapped below the header
    _drop_page_numbers(rest, furniture)
    dropped = [(line.start, line.end) for line, drop in zip(rest, furniture, strict=True) if drop]
    kept = [line for line, drop in zip(rest, furniture, strict=True) if not drop]
    return head, kept, dropped


@attrs.frozen
class TableText:
    """A table's lines parted from its page furniture."""

    #: The first line (None when it is not a title: the error says so).
    title: str | None
    #: The first page's head: the title line, the department line, the column header.
    head: list[Line]
    #: The lines of the table itself.
    body: list[Line]
    #: The ranges of everything skipped (repeated furniture, page text), ascending.
    dropped: list[tuple[int, int]]


def strip_furniture(text: str, lines: list[Line], errors: list[ParseError] | None) -> TableText:
    """Part the (non-empty) ``lines`` of ``text`` into the head, the table's own lines and the
    page furniture; page text around the table is reported and skipped."""
    # A page number printed above the title of the first page (第1页, 1) is furniture too; page
    # text above the title is reported and left out.
    leading: list[tuple[int, int]] = []
    while len(lines) > 1 and (kind := _chrome(lines[0])) is not None:
        report(_chrome_error(text, lines[0], kind), errors)
        leading.append((lines[0].start, lines[0].end))
        lines = lines[1:]
    while (
        len(lines) > 1
        and "表" in lines[1].text
        and (PAGE_NUMBER.match(lines[0].text) or lines[0].text == "1")
    ):
        leading.append((lines[0].start, lines[0].end))
        lines = lines[1:]
    title: str | None = lines[0].text
    if "表" not in lines[0].text:
        title = None
        first = lines[0]
        if _DEPARTMENT.match(first.text) or _HEADER.match(first.text):
            # The title line is missing, not garbled: the department line and header are read.
            error = ParseError(
                "expected the title of a target table such as '项目支出绩效目标表'"
                f" before '{quote(first.text)}'",
                text,
                first.start,
                first.start,
            )
            lines = [Line(first.start, first.start, "", 0), *lines]
        else:
            error = ParseError(
                "expected the title of a target table such as '项目支出绩效目标表',"
                f" found '{quote(first.text)}'",
                text,
                first.start,
                first.end,
            )
        report(error, errors)
    head, body, dropped = _without_furniture(lines)
    # Page text around the table, wherever it falls, is reported and read as if not there:
    # its figures are never amounts, its words never part of a name or a goal.
    kept = []
    for line in body:
        kind = _chrome(line)
        if kind is None:
            kept.append(line)
            continue
        report(_chrome_error(text, line, kind), errors)
        dropped.append((line.start, line.end))
    return TableText(title, head, kept, sorted(leading + dropped))


@attrs.frozen
class Head:
    """What a table's head says: its department, the currency of its amounts, and the amount
    columns its header shows, left to right (fields of ``Amounts``)."""

    department: str | None
    currency: str | None
    columns: list[str]


def read_head(text: str, head: list[Line], errors: list[ParseError] | None) -> Head:
    """Read the first page's ``head`` (title line first): a department line or a column
    heading that does not read is reported."""
    department = currency = header = None
    header_lines: list[Line] = []
    for line in head[1:]:
        match = _DEPARTMENT.match(line.text)
        alone = _CURRENCY.match(line.text)
        chrome = _chrome(line)
        if chrome is not None:
            # Between the title and the column header, where a subtitle may stand: reported too.
            report(_chrome_error(text, line, chrome), errors)
        elif match is not None:
            department = match.group("name") or None
            currency = match.group("currency") or currency
        elif alone is not None:
            currency = alone.group("currency")
        elif _HEADER.match(line.text):
            header = line.text
            header_lines.append(line)
        elif header is not None:
            header += " " + line.text  # the rest of a header wrapped onto the next line
            header_lines.append(line)
        elif _garbled_department(line):
            # A department line that does not read (部门名：…) is not dropped in silence: the
            # department and the currency would be missing without a word.
            error = ParseError(
                "expected the department line such as '部门名称：… 单位：万元',"
                f" found '{quote(line.text)}'",
                text,
                line.start,
                line.end,
            )
            report(error, errors)
    for line in header_lines:
        for misspelt, meant in _misspelt_headings(line.text):
            # Misread, the heading would give its column's figures to the next column.
            at = line.start + line.text.index(misspelt)
            error = ParseError(
                f"expected a column heading, found '{misspelt}' (did you mean '{meant}'?)",
                text,
                at,
                at + len(misspelt),
            )
            report(error, errors)
            header = (header or "").replace(misspelt, meant)
    return Head(department, currency, _columns(header))


#: Column headings of the amount columns, in the order of Amounts' fields (the text layout's
#: header and a grid's heading cells, ``forms/table_grid.py``).
AMOUNT_COLUMNS: dict[str, tuple[str, ...]] = {
    "total": ("总计", "合计", "资金总额", "资金总计", "年度资金总额"),
    "fiscal": ("财政拨款",),
    "fiscal_special": ("财政专户拨款", "财政专户管理资金", "财政专户"),
    "other": ("其他资金", "其它资金", "其他", "其它"),
}


def _columns(header: str | None) -> list[str]:
    """The amount columns the header shows, left to right (all four when there is none)."""
    if header is None:
        return list(AMOUNT_COLUMNS)
    found = []
    for field, words in AMOUNT_COLUMNS.items():
        positions = [header.find(word) for word in words if word in header]
        if positions:
            found.append((min(positions), field))
    return [field for _, field in sorted(found)] or list(AMOUNT_COLUMNS)


def _misspelt_headings(header: str) -> list[tuple[str, str]]:
    """The words of a column header that an amount column's heading with one character read
    wrong would give (财政拔款 for 财政拨款), each with the heading meant. Only a character for
    a character: a word with one more or less (财政拨款数, 非财政拨款) is another heading."""
    known = [word for words in AMOUNT_COLUMNS.values() for word in words]
    found = []
    for word in re.split(r"[\s（）()]+", header):
        if word.startswith("项目名称") or _HEADER_WORD.fullmatch(word) or word in known:
            continue
        meant = closest(word, [heading for heading in known if len(heading) == len(word)])
        if meant is not None:
            found.append((word, meant))
    return found
