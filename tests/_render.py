"""Render a clean description of a target table as PDF text extraction would give it.

The tests build tables they know field by field, render them with wrapping at a chosen width,
page breaks every few lines (page number, then the repeated title, department line and column
header), indented project rows and amounts that sometimes fall on the next line, and check that
``parse_table`` reads back exactly what was described.
"""

from __future__ import annotations

from dataclasses import dataclass, field

HEADER = "项目名称（资金使用单位） 总计 财政拨款 财政专户拨款 其他资金 绩效目标 绩效指标"


@dataclass
class Item:
    level: tuple[str, str]
    category: tuple[str, str]
    name: str
    period: str | None
    annual: str

    def notation(self, number: int, separator: str = "；", colon: str = ":") -> str:
        parts = [f"{number}、{self.level[0]}-{self.level[1]}", "-".join(self.category), self.name]
        if self.period is not None:
            parts.append(f"实施周期指标值{colon}{self.period}")
        parts.append(f"年度指标值{colon}{self.annual}")
        return separator.join(parts) + "。"


@dataclass
class ProjectSpec:
    name: str
    figures: list[str]
    goal: str
    items: list[Item] = field(default_factory=list)


@dataclass
class UnitSpec:
    name: str
    figures: list[str]
    projects: list[ProjectSpec] = field(default_factory=list)


@dataclass
class TableSpec:
    title: str
    department: str
    currency: str
    figures: list[str]
    units: list[UnitSpec] = field(default_factory=list)


@dataclass
class Layout:
    width: int = 25  # characters per wrapped line
    page_lines: int = 0  # lines per page; 0: one page
    break_: str = "\n\n"  # what pdftotext puts between wrapped lines
    indent: str = "    "  # before project rows
    amounts_on_next_line: bool = False  # the row's figures on a line of their own
    separator: str = "；"
    colon: str = ":"
    #: The title line of the pages after the first, such as "{title}（续）" or "续表", which then
    #: repeat only the column header under it; empty: every page repeats the whole head.
    continued: str = ""


def wrap(text: str, width: int) -> list[str]:
    return [text[i : i + width] for i in range(0, len(text), width)] or [""]


def render(table: TableSpec, layout: Layout) -> str:
    furniture = [
        table.title,
        f"部门名称：{table.department} (部门) 单位：{table.currency}",
        HEADER,
    ]
    body: list[str] = [f"合计 {' '.join(table.figures)}"]
    for unit in table.units:
        body.append(f"{unit.name} {' '.join(unit.figures)}")
        for project in unit.projects:
            figures = " ".join(project.figures)
            if layout.amounts_on_next_line:
                name_lines = wrap(project.name, max(4, layout.width // 2))
                body.append(layout.indent + name_lines[0])
                body.extend(name_lines[1:])
                body.append(figures)
            else:
                body.append(f"{layout.indent}{project.name} {figures}")
            if project.goal:
                body.extend(wrap(project.goal, layout.width))
            block = "".join(
                item.notation(number, layout.separator, layout.colon)
                for number, item in enumerate(project.items, start=1)
            )
            if block:
                body.extend(wrap(block, layout.width))
    lines = list(furniture)
    repeated = furniture
    if layout.continued:
        repeated = [layout.continued.format(title=table.title), HEADER]
    page = 1
    for index, line in enumerate(body):
        if layout.page_lines and index and index % layout.page_lines == 0:
            page += 1
            lines.append(str(page - 1))
            lines.extend(repeated)
        lines.append(line)
    return layout.break_.join(lines) + "\n"
