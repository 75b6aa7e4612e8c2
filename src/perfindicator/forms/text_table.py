"""Reading whole 项目支出绩效目标表 documents: title, department, total, funding units, projects.

A table as PDF text extraction gives it is a run of lines:

    项目支出绩效目标表（含转移支付项目）                         title
    部门名称：广州市白云区人民政府办公室 (部门) 单位：万元        department and currency
    项目名称（资金使用单位） 总计 财政拨款 财政专户拨款 其他资金 …  column header
    合计 495.00 495.00                                           total row
    广州市白云区人民政府办公室 495.00 495.00                      a funding unit (资金使用单位)
        公务用车购置费 18.00 18.00                                a project of that unit
    按照广州市公务用车管理要求，…                                 its goal (绩效目标)
    1、1-产出指标；11-数量指标；…                                 its indicator block

Lines are wrapped anywhere, and every page repeats the title, the department line and the column
header, with a page number. The reader first drops that page furniture (keeping a map back to the
caller's offsets), then walks the lines: a row is a name with up to four figures at its end (the
figures may sit on the next line); a row followed directly by another row is a funding unit,
otherwise it is a project, followed by its goal and its indicator block.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from decimal import Decimal

import attrs

from perfindicator.core import vocabulary as vocab
from perfindicator.core.text import closest, join_lines
from perfindicator.model.document import Amounts, FundingUnit, Project, TargetTable
from perfindicator.model.errors import ParseError
from perfindicator.model.values import Indicator
from perfindicator.notation.blocks import parse_joined
from perfindicator.notation.shapes import DASH, DIGIT, SEPARATOR, item_start

# --------------------------------------------------------------------------------------------
# Lines
# --------------------------------------------------------------------------------------------

_LINE = re.compile(r"[^\r\n\x0b\x0c\x85\u2028\u2029]+")
_SPACE = " \t\u3000\xa0\ufeff\u200b"


@attrs.frozen
class _Line:
    start: int  # offset of the first visible character in the caller's text
    end: int  # offset just after the last visible character
    text: str  # the visible text
    indent: int  # spaces before it (extractors often keep the indent of project rows)


def _lines(text: str) -> list[_Line]:
    found = []
    for match in _LINE.finditer(text):
        raw = match.group()
        stripped = raw.strip(_SPACE)
        if not stripped:
            continue
        start = match.start() + (len(raw) - len(raw.lstrip(_SPACE)))
        found.append(_Line(start, start + len(stripped), stripped, start - match.start()))
    lines = []
    for index, line in enumerate(found):
        following = found[index + 1].text if index + 1 < len(found) else ""
        for piece in _split_before_block(line):
            for row_piece in _split_after_end(piece, following):
                lines.extend(_split_after_row(row_piece))
    return lines


#: An indicator block that starts on the same line as the end of the goal before it.
#: The first item's start: 1、 and a one-digit level code, a line break allowed around the 、.
_FIRST_ITEM = item_start(r"\s", number="[1１]", code=DIGIT)
_INLINE_BLOCK = re.compile(rf"(?<=[。；;])\s*(?={_FIRST_ITEM})")


def _split_before_block(line: _Line) -> list[_Line]:
    match = _INLINE_BLOCK.search(line.text)
    if match is None:
        return [line]
    cut = match.end()
    head = line.text[: match.start()]
    return [
        _Line(line.start, line.start + len(head), head, line.indent),
        _Line(line.start + cut, line.end, line.text[cut:], 0),
    ]


#: Two figures or more, with two decimals: a row's amounts, as a 万元 table prints them.
_ROW_FIGURES = (
    r"[-－]?[0-9０-９][0-9０-９,，]*+[.．][0-9０-９]{2}"
    r"(?:[ \t\u3000\xa0]++[-－]?[0-9０-９][0-9０-９,，]*+[.．][0-9０-９]{2})+"
)
#: A row's name before its figures: no marks, and a visible character just before the spaces
#: that part it from the figures, so that they are scanned once, from the end of the name, not
#: once from each of their positions (quadratic on a long run of spaces).
_ROW_NAME = r"[^，,。；;：:\s](?:[^，,。；;：:]*?[^，,。；;：: \t\u3000\xa0])??[ \t\u3000\xa0]++"
#: A project row with the first words of its goal run onto its line (公务用车购置费 18.00
#: 18.00按照…): where extraction kept indents, the row is indented and its name has no marks.
_ROW_THEN_TEXT = re.compile(rf"^{_ROW_NAME}{_ROW_FIGURES}(?=[^\s0-9０-９.．,，\-－])")
#: A row run onto the end of the line before it, after its 。 (…安全可靠使用。政府雇员工资费用
#: 364.00 364.00).
_END_THEN_ROW = re.compile(rf"(?<=。)[ \t\u3000\xa0]*+(?={_ROW_NAME}{_ROW_FIGURES}$)")


def _measured(text: str) -> bool:
    """Whether ``text`` starts with a unit or a scale word (万元, 元, %, 亿): the figures before
    it are amounts in a sentence, not a row's."""
    return text.lstrip().startswith(_MEASURE_WORDS)


#: Units and scale words, longest first.
_MEASURE_WORDS = tuple(sorted({*vocab.SPELLINGS, *vocab.SCALES, "元"}, key=len, reverse=True))


def _split_after_row(line: _Line) -> list[_Line]:
    # Only where a row would start: an indented line, whose start is no longer than a row.
    match = _ROW_THEN_TEXT.match(line.text[:_MAX_ROW_LENGTH]) if line.indent else None
    if match is None or _measured(line.text[match.end() :]):
        return [line]
    cut = match.end()
    rest = line.text[cut:].lstrip()
    return [
        _Line(line.start, line.start + cut, line.text[:cut], line.indent),
        _Line(line.end - len(rest), line.end, rest, 0),
    ]


def _split_after_end(line: _Line, following: str) -> list[_Line]:
    """``following`` is the next line's text: a sentence whose amounts run on (…资金 12.50
    5.50 / 万元。) is not a row."""
    # A row runs to the end of the line and holds no 。: it can only follow the last one.
    after = line.text.rfind("。") + 1
    if not after or len(line.text) - after > _MAX_ROW_LENGTH:
        return [line]
    match = _END_THEN_ROW.match(line.text, after)
    if match is None or _measured(following):
        return [line]
    head = line.text[: match.start()]
    return [
        _Line(line.start, line.start + len(head), head, line.indent),
        _Line(line.start + match.end(), line.end, line.text[match.end() :], len(match.group())),
    ]


# --------------------------------------------------------------------------------------------
# Page furniture
# --------------------------------------------------------------------------------------------

#: 部门名称：X (部门) 单位：万元. The name is every character that is not a space or the start of
#: the (部门) tag or the 单位 label, with spaces only between words: no two adjacent space
#: patterns, so a line of many spaces is read in linear time.
_NOT_IN_NAME = r"(?!(?:金额)?单位[ \t]*[:：]|[(（][ \t]*部门[ \t]*[)）]|第[ \t]*[0-9]+[ \t]*页)\S"
_DEPARTMENT = re.compile(
    r"^(?:部门(?:[(（]单位[)）])?(?:名称)?|单位名称|填报单位|编制部门|预算单位)[ \t]*[:：][ \t]*"
    rf"(?P<name>(?:{_NOT_IN_NAME})+(?:[ \t]+(?:{_NOT_IN_NAME})+)*)?"
    r"(?:[ \t]*[(（][ \t]*部门[ \t]*[)）])?"
    r"(?:[ \t]*(?:金额)?单位[ \t]*[:：][ \t]*(?P<currency>\S+))?"
    r"(?:[ \t]+第[ \t]*[0-9]+[ \t]*页(?:[ \t]*[,，/]?[ \t]*共[ \t]*[0-9]+[ \t]*页)?)?[ \t]*$"
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
_PAGE_NUMBER = re.compile(
    r"^(?:第\s*[0-9]+\s*页(?:\s*[,，/]?\s*共\s*[0-9]+\s*页)?|-\s*[0-9]+\s*-|[0-9]+\s*/\s*[0-9]+)$"
)
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


#: A budget subject code (功能分类科目编码): 类 2xx, 款 and 项 two digits each.
_SUBJECT_CODE = re.compile(r"2[0-9]{6}")


def _chrome(line: _Line) -> str | None:
    """What page text around the table ``line`` is (see ``_CHROME``), or None."""
    return next((kind for kind, found in _CHROME.items() if found.match(line.text)), None)


def _chrome_error(text: str, line: _Line, kind: str) -> ParseError:
    return ParseError(
        f"expected the text of the table, found {kind} from the page around it"
        f" '{_quote(line.text)}', which is left out",
        text,
        line.start,
        line.end,
    )


def _drop_page_numbers(lines: list[_Line], furniture: list[bool]) -> None:
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
            if _PAGE_NUMBER.match(lines[position].text):
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


def _continues_header(previous: _Line, line: _Line) -> bool:
    """Whether ``line`` is the rest of a column header wrapped onto the next line."""
    header = _HEADER.match(previous.text) is not None or _HEADER_REST.match(previous.text)
    # Two heading words at least: a lone 指标 or 资金 is more likely a wrapped piece of content.
    return (
        bool(header)
        and _HEADER_REST.match(line.text) is not None
        and len(_HEADER_WORD.findall(line.text)) >= 2
    )


def _garbled_department(line: _Line) -> bool:
    """Whether a line of the table's head starts as the department line does but does not
    read as one (部门名：…, 部门名称 without its colon)."""
    return (
        line.text.startswith("部门")
        and _DEPARTMENT.match(line.text) is None
        and _HEADER.match(line.text) is None
        and len(line.text) <= _MAX_ROW_LENGTH
        and not _NOT_A_NAME.search(line.text)
    )


#: The mark of a continuation page, at the end of a line: 续表, 续上表, （续）, (续表).
_CONTINUED = re.compile(r"(?:[（(][ \t\u3000]*续上?表?[ \t\u3000]*[)）]|续上?表)$")


#: What a title may have in brackets after its last 表: （含转移支付项目）.
_QUALIFIERS = re.compile(r"(?:[ \t\u3000]*[（(][^（()）]*[)）])*[ \t\u3000]*")


def _title_base(title: str) -> str:
    """A title without what it has in brackets after its last 表."""
    end = title.rfind("表") + 1
    return title[:end] if end and _QUALIFIERS.fullmatch(title, end) else title


def _continues_title(line: _Line, title: str) -> bool:
    """Whether ``line`` heads a continuation page: 续表 or （续） alone, or after the table's
    title (项目支出绩效目标表（续）), with or without what the title has in brackets after its
    last 表 (项目支出绩效目标表（含转移支付项目） continues as 项目支出绩效目标表（续）)."""
    mark = _CONTINUED.search(line.text)
    if mark is None:
        return False
    written = line.text[: mark.start()].rstrip(_SPACE)
    return not written or _title_base(written) == _title_base(title)


def _is_furniture(line: _Line, title: str) -> bool:
    return (
        line.text == title
        or _continues_title(line, title)
        or _DEPARTMENT.match(line.text) is not None
        or _CURRENCY.match(line.text) is not None
        or _HEADER.match(line.text) is not None
        or _PAGE_NUMBER.match(line.text) is not None
    )


def _without_furniture(
    lines: list[_Line],
) -> tuple[list[_Line], list[_Line], list[tuple[int, int]]]:
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


# --------------------------------------------------------------------------------------------
# Rows and their amounts
# --------------------------------------------------------------------------------------------

#: A figure with two decimals, as amounts in 万元 are printed; a table whose total row has
#: whole numbers (元) gets _WHOLE_FIGURE instead.
# Figures in ASCII or full-width digits (１８.００, as some extractions give them).
_FIGURE = r"[-－]?[0-9０-９][0-9０-９,，]*+[.．][0-9０-９]{2}"
_WHOLE_FIGURE = r"[-－]?[0-9０-９][0-9０-９,，]*+(?:[.．][0-9０-９]+)?"


def _row_pattern(figure: str) -> re.Pattern[str]:
    """A row: a name (maybe empty) and its figures at the end of the line: up to eight, so that
    figures beyond the header's columns are reported rather than taken into the name.

    The name is as short as it can be (the figures as many), and ends with a visible character
    just before a space: the spaces before the figures are then scanned once, from the end of
    the name, not once from each of their positions (quadratic on a long run of spaces).
    """
    return re.compile(
        rf"^(?P<name>(?:.*?\S(?=\s))??)\s*+(?P<figures>{figure}(?:\s+{figure}){{0,7}})$"
    )


_ROW = _row_pattern(_FIGURE)
_ANY_ROW = _row_pattern(_WHOLE_FIGURE)
#: A row is a short line: longer lines are never tried as rows (nor cost quadratic time).
_MAX_ROW_LENGTH = 200
#: A row's name read without a second look wraps over at most this many lines before its
#: figures; a longer one is read only where nothing but name lines lead to its figures.
_MAX_NAME_LINES = 8
#: Characters that mark a sentence (a goal) or a block fragment, never a row name.
_NOT_A_NAME = re.compile(r"[，,。；;]")
#: The first item of an indicator block: 1、1-产出指标；11-…
_BLOCK_START = re.compile(rf"^{_FIRST_ITEM}[^；;。]{{1,20}}{SEPARATOR}\s*{DIGIT}{{2}}\s*{DASH}")
#: The end of a block whose last item has its annual value: …年度指标值:不低于90%
_COMPLETE_ITEM = re.compile(r"年度[指目]标值\s*[:：]\s*[^；;。、]+$")
_ITEM_START = re.compile("^" + item_start(r"\s"))

#: Column headings of the amount columns, in the order of Amounts' fields.
_COLUMNS = {
    "total": ("总计", "合计", "资金总额", "资金总计", "年度资金总额"),
    "fiscal": ("财政拨款",),
    "fiscal_special": ("财政专户拨款", "财政专户管理资金", "财政专户"),
    "other": ("其他资金", "其它资金", "其他", "其它"),
}


def _columns(header: str | None) -> list[str]:
    """The amount columns the header shows, left to right (all four when there is none)."""
    if header is None:
        return list(_COLUMNS)
    found = []
    for field, words in _COLUMNS.items():
        positions = [header.find(word) for word in words if word in header]
        if positions:
            found.append((min(positions), field))
    return [field for _, field in sorted(found)] or list(_COLUMNS)


def _misspelt_headings(header: str) -> list[tuple[str, str]]:
    """The words of a column header that an amount column's heading with one character read
    wrong would give (财政拔款 for 财政拨款), each with the heading meant. Only a character for
    a character: a word with one more or less (财政拨款数, 非财政拨款) is another heading."""
    known = [word for words in _COLUMNS.values() for word in words]
    found = []
    for word in re.split(r"[\s（）()]+", header):
        if word.startswith("项目名称") or _HEADER_WORD.fullmatch(word) or word in known:
            continue
        meant = closest(word, [heading for heading in known if len(heading) == len(word)])
        if meant is not None:
            found.append((word, meant))
    return found


def _amounts(figures: str, columns: Sequence[str]) -> Amounts:
    """A row's figures, filling the columns from the left: a PDF row shows only the non-empty
    cells, so two figures under four columns are the total and the first kind of funds."""
    values = [figure.translate(vocab.FOLD).replace(",", "") for figure in figures.split()]
    return Amounts(**dict(zip(columns, values, strict=False)))


def _quote(text: str, size: int = 20) -> str:
    return text if len(text) <= size else text[:size] + "…"


def _joined_text(text: str, lines: Sequence[_Line], dropped: Sequence[tuple[int, int]]) -> str:
    if not lines:
        return ""
    return join_lines(text, lines[0].start, lines[-1].end, dropped).text.strip(_SPACE)


def _goal_and_damaged_block(lines: list[_Line]) -> tuple[list[_Line], list[_Line]]:
    """Split goal lines that hold an indicator block the block pattern did not see."""
    texts = [line.text for line in lines]
    joined = "".join(texts)
    label = min(
        (found for word in ("指标值", "目标值") if (found := joined.find(word)) >= 0),
        default=-1,
    )
    if label < 0:
        return lines, []
    goal_end = joined.rfind("。", 0, label) + 1
    position = 0
    for index, text in enumerate(texts):
        if position >= goal_end:
            return lines[:index], lines[index:]
        position += len(text)
    return lines, []


# --------------------------------------------------------------------------------------------
# The walk through the lines
# --------------------------------------------------------------------------------------------


@attrs.define
class _Reader:
    text: str
    lines: list[_Line]
    dropped: list[tuple[int, int]]
    columns: list[str]
    row: re.Pattern[str]
    #: Where recovery reports what it skipped; None in strict mode.
    errors: list[ParseError] | None = None
    index: int = 0
    #: The indent of the document's project rows, where extraction kept one (else 0): the
    #: most common indent of its rows.
    row_indent: int = attrs.field(init=False, default=0)
    #: The amounts of a total row printed after everything else, if any.
    trailing_total: Amounts | None = attrs.field(init=False, default=None)
    #: ``row_end`` of the lines asked about so far.
    _row_ends: dict[int, int | None] = attrs.field(init=False, factory=dict)

    def __attrs_post_init__(self) -> None:
        indents = Counter(
            line.indent
            for line in self.lines
            if line.indent and len(line.text) <= _MAX_ROW_LENGTH and self.row.match(line.text)
        )
        self.row_indent = indents.most_common(1)[0][0] if indents else 0

    def deeper_project(self, line: _Line, at: int) -> bool:
        """Whether line ``at`` is indented as the document's project rows are, deeper than
        ``line``: what follows a funding unit's row, never a line of the same name or goal."""
        return 0 < self.row_indent == self.lines[at].indent and self.lines[at].indent > line.indent

    def _texts(self, start: int, count: int) -> str:
        return "".join(line.text for line in self.lines[start : start + count])

    def _ahead(self, at: int, size: int = 40) -> str:
        """The text from line ``at`` on, joined over as many lines as it takes to reach size."""
        pieces: list[str] = []
        length = 0
        while at < len(self.lines) and length < size:  # by index: no walk from the first line
            pieces.append(self.lines[at].text)
            length += len(self.lines[at].text)
            at += 1
        return "".join(pieces)

    def block_starts(self, at: int) -> bool:
        return at < len(self.lines) and _BLOCK_START.match(self._ahead(at)) is not None

    def item_starts(self, at: int) -> bool:
        return at < len(self.lines) and _ITEM_START.match(self._ahead(at, 16)) is not None

    def row_ahead(self, at: int) -> bool:
        """Whether a row (a name and its figures) starts at line ``at``."""
        return self.row_end(at) is not None

    def row_end(self, at: int) -> int | None:
        """The line of the figures of a row that starts at line ``at``, if one does: the name
        lines before it have no sentence marks and start no block, however many they are (a
        name cut short would give its first lines to the goal above it).

        Every line between ``at`` and the answer has the same answer: it is remembered for
        them all, so that asking at every line of a document takes linear time."""
        known = self._row_ends
        passed = []
        end: int | None = None
        position = at
        while position < len(self.lines):
            if position in known:
                end = known[position]
                break
            passed.append(position)
            line = self.lines[position]
            match = self.row.match(line.text) if len(line.text) <= _MAX_ROW_LENGTH else None
            if match is not None:
                clean = not _NOT_A_NAME.search(_without_tail(match.group("name")))
                end = position if clean else None
                break
            if _NOT_A_NAME.search(line.text) or self.block_starts(position):
                break
            position += 1
        for position in passed:
            known[position] = end
        return end

    def full_row(self, at: int) -> bool:
        """Whether line ``at`` is a whole row: a name and its figures on one line."""
        text = self.lines[at].text
        match = self.row.match(text) if len(text) <= _MAX_ROW_LENGTH else None
        return (
            match is not None
            and bool(match.group("name"))
            and not _NOT_A_NAME.search(_without_tail(match.group("name")))
        )

    def read_row(self) -> tuple[str, Amounts, _Line]:
        """Read a name (over one or more lines) and the figures at its end."""
        first = self.index
        # Beyond _MAX_NAME_LINES, only name lines that lead to the figures (see row_end).
        end = self.row_end(first)
        while self.index < len(self.lines):
            line = self.lines[self.index]
            if self.index > first and self.deeper_project(self.lines[first], self.index):
                break  # a project row under a unit row that lost its figures, not its name
            if self.index > first and self.total_row(self.index):
                break  # 合计 495.00 is a row of its own, never the end of a name
            match = self.row.match(line.text) if len(line.text) <= _MAX_ROW_LENGTH else None
            self.index += 1
            if match is not None:
                name_lines = [*self.lines[first : self.index - 1]]
                written = match.group("name")
                figures = self._known_figures(line, match)
                readable = True
                tail = _FIGURE_TAIL.search(written)
                if tail is not None:  # a figure glued to the name, or one that does not read
                    readable = self._tail_reads(tail, line, figures)
                    if readable:
                        figures = f"{tail.group()} {figures}"
                    written = written[: tail.start()].rstrip()
                if written:
                    cut = line.start + len(written)
                    name_lines.append(_Line(line.start, cut, written, line.indent))
                name = _joined_text(self.text, name_lines, self.dropped)
                if len(name) > _MAX_ROW_LENGTH:
                    self._long_name(name, self.lines[first], line, self.index - first)
                more = self._more_figures(figures) if readable else None
                if more is not None:  # the row's last figures wrapped onto the next line
                    figures, line = f"{figures} {more.text}", more
                    self.index += 1
                # The row runs from its first name line to its figures, wrapped or not.
                head = self.lines[first]
                row = _Line(head.start, line.end, head.text, head.indent)
                coded = _subject_code(self.text, figures, line) if readable else None
                if coded is not None:
                    _report(coded, self.errors)
                    readable = False  # which column each figure is in is lost
                amounts = _amounts(figures, self.columns) if readable else Amounts()
                return name, amounts, row
            long = self.index - first >= _MAX_NAME_LINES
            if (long and (end is None or self.index > end)) or self.block_starts(self.index):
                break
        raise _missing_amounts(self.text, self.lines[first])

    def _long_name(self, name: str, head: _Line, line: _Line, count: int) -> None:
        """Report a row's name longer than a row may be: more likely lines of something else
        (a goal without its marks) than a name, so it is not taken in silence."""
        error = ParseError(
            f"expected a row's name of at most {_MAX_ROW_LENGTH} characters before its amounts,"
            f" found {len(name)} characters over {count} lines '{_quote(name)}'",
            self.text,
            head.start,
            line.end,
        )
        _report(error, self.errors)

    def _figures_only(self, line: _Line) -> re.Match[str] | None:
        """The match of a line that holds figures and nothing else (never tried on a long
        line: the row pattern would take quadratic time on one of many spaces)."""
        if len(line.text) > _MAX_ROW_LENGTH:
            return None
        match = self.row.fullmatch(line.text)
        return None if match is None or match.group("name") else match

    def _more_figures(self, figures: str) -> _Line | None:
        """The next line, if it holds only figures that complete the row's: wrapped, so that
        with them the total is the sum of the kinds of funds (18.00 10.00 / 8.00). A line that
        does not add up (a doubled one) is left for the goal's check."""
        if self.index >= len(self.lines):
            return None
        following = self.lines[self.index]
        match = self._figures_only(following)
        if match is None:
            return None
        values = [
            Decimal(figure.translate(vocab.FOLD).replace(",", ""))
            for figure in f"{figures} {match.group('figures')}".split()
        ]
        if not 3 <= len(values) <= len(self.columns) or values[0] != sum(values[1:]):
            return None
        return following

    def _tail_reads(self, tail: re.Match[str], line: _Line, figures: str) -> bool:
        """Whether the figure-like end of a row's name is a figure glued to it (公务用车购置费18.00
        18.00): it is then read with the others. One that does not read (18.0O, 364,00) leaves
        the row's amounts unknown, since the figures after it can no longer be placed: an
        error."""
        glued = tail.group()
        if self.row.fullmatch(glued) and len(figures.split()) < len(self.columns):
            return True
        error = ParseError(
            f"expected the amounts (总计 财政拨款 …) as figures, found '{_quote(glued)}'"
            f" in the row '{_quote(line.text)}'",
            self.text,
            line.start + tail.start(),
            line.start + tail.end(),
        )
        _report(error, self.errors)
        return False

    def _known_figures(self, line: _Line, match: re.Match[str]) -> str:
        """The row's figures; more figures than the header has columns is an error (the rest
        are reported in recovery, not dropped)."""
        figures = match.group("figures")
        count = len(self.columns)
        found = list(re.finditer(r"\S+", figures))
        if len(found) <= count:
            return figures
        start = line.start + match.start("figures")
        extra_start, extra_end = start + found[count].start(), start + found[-1].end()
        error = ParseError(
            f"found {len(found)} amounts in the row '{_quote(line.text)}' where the column header"
            f" has {count}: the last {len(found) - count} belong to no column",
            self.text,
            extra_start,
            extra_end,
        )
        _report(error, self.errors)
        return figures[: found[count - 1].end()]

    def read_until(self, stop: int) -> list[_Line]:
        taken = self.lines[self.index : stop]
        self.index = stop
        return taken

    def read_block(self, row: _Line) -> list[_Line]:
        """The lines of one indicator block (of the project whose row is ``row``): to the 。
        after which no item follows."""
        first = self.index
        while self.index < len(self.lines):
            line = self.lines[self.index]
            self.index += 1
            if line.text.endswith("。"):
                if not self.item_starts(self.index):
                    break
            elif (
                self.index < len(self.lines)
                and self.next_row(row, self.index)
                and _COMPLETE_ITEM.search(self._texts(first, self.index - first))
            ):
                break  # the last item lost its 。 and the next project's row follows
        return self.lines[first : self.index]

    def next_row(self, row: _Line, at: int) -> bool:
        """Whether the next project's row starts at line ``at``, right after a block: a whole
        row on one line, or, where extraction kept indents, a row whose name wraps and whose
        first line is indented like ``row`` (a wrapped value is not indented)."""
        return self.full_row(at) or (self.sibling(row, at) and self.row_ahead(at))

    def read_project(self, name: str, amounts: Amounts, row: _Line) -> Project:
        goal_end = self.index
        while goal_end < len(self.lines) and not (
            self.block_starts(goal_end)
            or (self.row_ahead(goal_end) and (goal_end > self.index or self.next_to(row, goal_end)))
            or self.total_row(goal_end)
        ):
            goal_end += 1
        goal_lines = self.read_until(goal_end)
        figures_only = goal_lines and self._figures_only(goal_lines[0])
        if figures_only:
            # Figures of their own under a row that has its own: a line extraction doubled.
            stray = goal_lines.pop(0)
            error = ParseError(
                f"expected the project's goal, found amounts that belong to no row"
                f" '{_quote(stray.text)}'",
                self.text,
                stray.start,
                stray.end,
            )
            _report(error, self.errors)
        block_lines = self.read_block(row) if self.block_starts(self.index) else []
        if not block_lines:
            # A block whose first item is damaged (1、1x-产出指标) is not seen as a block: the
            # labels (年度指标值) tell it from the goal, which ends with its last 。 before them.
            goal_lines, block_lines = _goal_and_damaged_block(goal_lines)
        indicators: list[Indicator] = []
        if block_lines:
            joined = join_lines(self.text, block_lines[0].start, block_lines[-1].end, self.dropped)
            indicators = parse_joined(joined, self.text, self.errors)
        last = (block_lines or goal_lines or [row])[-1]
        return Project(
            name=name,
            amounts=amounts,
            goal=_joined_text(self.text, goal_lines, self.dropped),
            indicators=indicators,
            span=(row.start, last.end),
        )

    def sibling(self, row: _Line, at: int) -> bool:
        """Whether line ``at`` is indented like the project row ``row``: the next project."""
        return bool(row.indent) and 0 < self.lines[at].indent <= row.indent

    def total_row(self, at: int) -> bool:
        """Whether line ``at`` is a total row (合计 495.00), which no goal holds."""
        return self.lines[at].text.startswith(_TOTAL_NAMES) and self.full_row(at)

    def next_to(self, row: _Line, at: int) -> bool:
        """Whether line ``at``, right after the project row ``row``, starts the next row rather
        than a goal that looks like one (…约 1200): where extraction kept indents, a project
        indented like it, or a funding unit's row, indented less and followed by a project row
        indented deeper."""
        if self.sibling(row, at):
            return True
        line = self.lines[at]
        end = self.row_end(at) if row.indent and line.indent < row.indent else None
        if end is None:
            return False
        if end > at and self.deeper_project(line, end):
            return True  # a unit's row that lost its figures, then a project row under it
        if end + 1 >= len(self.lines):
            return False
        return self.lines[end + 1].indent > line.indent and self.row_ahead(end + 1)

    def starts_unit(self, row: _Line) -> bool:
        """Whether the row just read is a funding unit: another row follows it directly. When
        extraction kept indents, a row followed by a row indented no deeper is a project whose
        goal and indicators are missing, not a unit."""
        if not self.row_ahead(self.index) or self.block_starts(self.index):
            return False
        following = self.lines[self.index]
        return not (row.indent and following.indent <= row.indent)

    def read_units(self) -> list[FundingUnit]:
        units: list[FundingUnit] = []
        projects: list[Project] = []
        unit: tuple[str, Amounts, _Line] | None = None

        def close() -> None:
            if unit is None and not projects:
                return
            name, amounts, row = unit if unit is not None else (None, Amounts(), None)
            start = row.start if row is not None else projects[0].span[0]
            end = projects[-1].span[1] if projects else (row.end if row is not None else start)
            units.append(FundingUnit(name, amounts, projects.copy(), (start, end)))
            projects.clear()

        while self.index < len(self.lines):
            first = self.index
            try:
                name, amounts, row = self.read_row()
            except ParseError as error:
                if self.errors is None:
                    raise
                # Keep the project without its amounts: its name is the line, its goal and
                # indicators follow. The error covers the line, so nothing goes unreported.
                self.errors.append(error)
                self.index = first + 1
                line = self.lines[first]
                if self.index < len(self.lines) and self.deeper_project(line, self.index):
                    close()  # a unit's row: a project row indented deeper follows it
                    unit = (line.text, Amounts(), line)
                    continue
                projects.append(self.read_project(line.text, Amounts(), line))
                continue
            if name in _TOTAL_NAMES and self.index >= len(self.lines):
                self.trailing_total = amounts  # some tables print their total at the end
            elif name in _TOTAL_NAMES:
                # The total row belongs above the units: here it is neither a unit nor a project.
                misplaced = ParseError(
                    f"expected the total row '{name}' before the first funding unit or project",
                    self.text,
                    row.start,
                    row.end,
                )
                _report(misplaced, self.errors)
            elif self.starts_unit(row):
                close()
                unit = (name, amounts, row)
            elif self.name_without_figures(row, self.index):
                # The first project's row lost its figures: the row just read is its unit.
                close()
                unit = (name, amounts, row)
                line = self.lines[self.index]
                missing = _missing_amounts(self.text, line)
                _report(missing, self.errors)
                self.index += 1
                projects.append(self.read_project(line.text, Amounts(), line))
            else:
                projects.append(self.read_project(name, amounts, row))
        close()
        return units

    def name_without_figures(self, row: _Line, at: int) -> bool:
        """Whether line ``at``, right after ``row``, is the name of a project whose figures were
        lost: where extraction kept indents, a short line without sentence marks, indented
        deeper than ``row`` as project rows are, whose goal or block follows unindented."""
        if at + 1 >= len(self.lines) or self.block_starts(at) or self.row_ahead(at):
            return False
        line, after = self.lines[at], self.lines[at + 1]
        return (
            self.deeper_project(row, at)
            and after.indent < line.indent
            and len(line.text) <= _MAX_ROW_LENGTH
            and not _NOT_A_NAME.search(line.text)
        )


def _report(error: ParseError, errors: list[ParseError] | None) -> None:
    """Raise ``error`` in strict mode (no ``errors`` list); in recovery, record it."""
    if errors is None:
        raise error
    errors.append(error)


def _subject_code(text: str, figures: str, line: _Line) -> ParseError | None:
    """The error for a row whose first figure is a budget subject code (行政运行 2010301 …,
    the code printed after the name) that the figures after it do not add up to, if it is."""
    first, *rest = figures.split()
    if not rest or _SUBJECT_CODE.fullmatch(first) is None:
        return None
    values = [Decimal(figure.translate(vocab.FOLD).replace(",", "")) for figure in rest]
    if Decimal(first) == sum(values):
        return None  # an amount of 2 010 301 with its parts
    at = line.start + line.text.rfind(first, 0, len(line.text) - len(" ".join(rest)))
    return ParseError(
        f"expected the amounts (总计 财政拨款 …), found '{first}', a budget subject code that"
        f" the figures after it do not add up to, in the row '{_quote(line.text)}'",
        text,
        at,
        at + len(first),
    )


def _missing_amounts(text: str, line: _Line) -> ParseError:
    """The error for a row whose figures are missing: it covers the row's (first) line."""
    return ParseError(
        f"expected the amounts (总计 财政拨款 …) at the end of the row '{_quote(line.text)}'",
        text,
        line.start,
        line.end,
    )


#: The end of a row's name that looks like one of its amounts: a figure glued to the name
#: (购置费18.00), or one that extraction garbled (18.0O, a decimal comma in 364,00).
_FIGURE_TAIL = re.compile(
    r"(?:(?<=\s)|(?<=[\u3400-\u9fff])|^)"
    # 18.00 glued to the name, or 18.0O: a letter read for a digit (O, o, I, l)
    r"(?:[0-9０-９][0-9０-９OoIl,，]*[.．][0-9０-９OoIl]{2}"
    r"|[0-9０-９]+[,，][0-9０-９]{2})$"  # 364,00: a decimal comma
)


def _without_tail(name: str) -> str:
    """A row's name without the figure-like end it may have (see ``_FIGURE_TAIL``)."""
    tail = _FIGURE_TAIL.search(name)
    return name if tail is None else name[: tail.start()]


#: The name of the total row.
_TOTAL_NAMES = ("合计", "总计")

#: A line of figures only: the total row's amounts, when they wrap below its 合计.
_FIGURES = re.compile(
    r"[0-9０-９][0-9０-９.,．，]*(?:[ \t\u3000\xa0]+[0-9０-９][0-9０-９.,．，]*)*"
)


def _all_two_decimals(lines: Sequence[_Line]) -> bool:
    """Whether the lines that end in figures all print them with two decimals (and there are
    some): a table in 万元, where a whole number is not an amount."""
    ends = [
        _ROW.match(line.text) is not None
        for line in lines
        if len(line.text) <= _MAX_ROW_LENGTH and _ANY_ROW.match(line.text)
    ]
    return bool(ends) and all(ends)


def parse_table(text: str, *, recover: bool = False) -> TargetTable:
    """Parse a whole 项目支出绩效目标表 into a ``TargetTable``.

    Page furniture (the repeated title, department line, column header and page numbers) is
    dropped wherever it falls, PDF line breaks are joined, and every span refers to ``text`` as
    given. By default the first place that does not read as a table raises ``ParseError``;
    with ``recover=True`` nothing raises, what cannot be read is skipped and reported in the
    table's ``errors``, and everything else is kept.
    """
    if not isinstance(text, str):
        raise TypeError(f"parse_table() takes text (str), not {type(text).__name__}")
    errors: list[ParseError] | None = [] if recover else None
    lines = _lines(text)
    if not lines:
        error = ParseError("expected a target table, found nothing", text, len(text), len(text))
        if errors is None:
            raise error
        return TargetTable(None, None, None, Amounts(), (), errors=(error,))
    # A page number printed above the title of the first page (第1页, 1) is furniture too; page
    # text above the title is reported and left out.
    leading: list[tuple[int, int]] = []
    while len(lines) > 1 and (kind := _chrome(lines[0])) is not None:
        _report(_chrome_error(text, lines[0], kind), errors)
        leading.append((lines[0].start, lines[0].end))
        lines = lines[1:]
    while (
        len(lines) > 1
        and "表" in lines[1].text
        and (_PAGE_NUMBER.match(lines[0].text) or lines[0].text == "1")
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
                f" before '{_quote(first.text)}'",
                text,
                first.start,
                first.start,
            )
            lines = [_Line(first.start, first.start, "", 0), *lines]
        else:
            error = ParseError(
                "expected the title of a target table such as '项目支出绩效目标表',"
                f" found '{_quote(first.text)}'",
                text,
                first.start,
                first.end,
            )
        _report(error, errors)
    head, body, dropped = _without_furniture(lines)
    # Page text around the table, wherever it falls, is reported and read as if not there:
    # its figures are never amounts, its words never part of a name or a goal.
    kept = []
    for line in body:
        kind = _chrome(line)
        if kind is None:
            kept.append(line)
            continue
        _report(_chrome_error(text, line, kind), errors)
        dropped.append((line.start, line.end))
    body = kept
    dropped = sorted(leading + dropped)
    department = currency = header = None
    header_lines: list[_Line] = []
    for line in head[1:]:
        match = _DEPARTMENT.match(line.text)
        alone = _CURRENCY.match(line.text)
        chrome = _chrome(line)
        if chrome is not None:
            # Between the title and the column header, where a subtitle may stand: reported too.
            _report(_chrome_error(text, line, chrome), errors)
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
                f" found '{_quote(line.text)}'",
                text,
                line.start,
                line.end,
            )
            _report(error, errors)
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
            _report(error, errors)
            header = (header or "").replace(misspelt, meant)
    columns = _columns(header)
    total = Amounts()
    # Figures with two decimals (万元 tables), unless the table prints whole numbers: seen in
    # its total row, or, without one, in a table in 元 or one with no two-decimal row at all.
    row = _ROW
    if currency == "元" or not any(_ROW.match(line.text) for line in body):
        row = _ANY_ROW
    if body and (body[0].text.startswith(_TOTAL_NAMES)):
        total_row = body[0].text
        if total_row in _TOTAL_NAMES and len(body) > 1 and _FIGURES.fullmatch(body[1].text):
            total_row += " " + body[1].text  # its figures on the next line
            body = body[1:]
        name, rest = total_row[:2], total_row[2:].lstrip()
        starts_with_figure = bool(rest) and rest[0].translate(vocab.FOLD) in "-0123456789"
        if starts_with_figure:
            total_row = f"{name} {rest}"  # 合计495.00 495.00: its figures glued to the word
        match = _ANY_ROW.match(total_row)
        # The figures run to the end of the last line of the total row.
        figures_at = body[0].end - len(match.group("figures")) if match is not None else 0
        if match is not None and _ROW.match(total_row) is None and _all_two_decimals(body[1:]):
            # 合计 2010301 over rows of 18.00: a figure the table would not print, such as a
            # budget subject code, is not its total.
            error = ParseError(
                "expected the total's amounts with two decimals, as the table's rows have them,"
                f" found '{_quote(match.group('figures'))}'",
                text,
                figures_at,
                body[0].end,
            )
            _report(error, errors)
            body = body[1:]
        elif match is not None:
            coded = _subject_code(text, match.group("figures"), body[0])
            if coded is None:
                total = _amounts(match.group("figures"), columns)
            else:
                _report(coded, errors)  # the total is left unknown
            body = body[1:]
            if _ROW.match(total_row) is None:
                row = _ANY_ROW  # the table prints whole numbers (元), not 495.00
        elif total_row in _TOTAL_NAMES:
            body = body[1:]  # a total row left empty: no total, and not part of a name
        elif starts_with_figure:
            # 合计 300.00x: the total row, whose figures do not read; not part of the name of
            # the unit after it.
            line = body[0]
            error = ParseError(
                f"expected the total's amounts as figures, found '{_quote(rest)}'",
                text,
                line.end - len(rest),
                line.end,
            )
            _report(error, errors)
            body = body[1:]
    reader = _Reader(text, body, dropped, columns, row, errors)
    units = reader.read_units()
    if reader.trailing_total is not None and total == Amounts():
        total = reader.trailing_total
    return TargetTable(
        title=title,
        department=department,
        currency=currency,
        total=total,
        units=units,
        errors=tuple(errors or ()),
    )
