"""The workspace: an open data file and the report being worked on, without Qt.

Every operation on a data file goes through here — the command line, the document
writers and the window all call it (like Anki's ``Collection``): opening and closing
the store, the report list, the current report and its rule set (the report's own when
it carries one; a named one this copy lacks falls back to the default and says so), one
:meth:`Workspace.evaluate` for scores
and findings, saving, and the report-level operations (new, copy last year, delete,
restore). The window only wraps these for undo, dialogs and progress.

Saving is a compare-and-swap. The workspace remembers :attr:`Workspace.version`, the
version of the current report it loaded or last saved, and :meth:`Workspace.save` stores
the report only if the file still holds that version. Otherwise it raises
:class:`storage.errors.SaveConflict` (code ``store.conflict``) and writes nothing; the
report in memory is untouched. The window then offers :meth:`Workspace.keep_both`: the
content in memory is added as a new report (项目名称 + “（冲突副本）”) and the current
report becomes the file's version, reloaded; it returns the copy's id, so the window can
say where the clerk's edits went (or open it). Nothing is lost either way; the other
side's version also stays in the history.
"""

from __future__ import annotations

import dataclasses
import datetime
import pathlib
from dataclasses import dataclass, field

from model.errors import ZepingError
from model.report import Report, default_title
from model.rules import RuleSet
from storage.errors import ReportNotFound
from storage.store import ReportInfo, Store, Version, open_store

TYPE_CHECKING = False  # typing's, without importing typing at run time (docs/ARCHITECTURE.md)
if TYPE_CHECKING:  # imported where used: `list` needs neither rules, scores, the audit nor the template
    from model.audit import Finding
    from model.scoring import Scores
    from model.template import CopyResult

# The data file refuses a report without unit or project name: placeholders for 新建.
NEW_UNIT, NEW_PROJECT = "本单位", "新项目"
CONFLICT_COPY = "（冲突副本）"  # ends the 项目名称 of the copy keep_both() adds


@dataclass
class Evaluation:
    """What the rules make of the current report: its scores and every finding."""

    scores: Scores
    findings: list[Finding] = field(default_factory=list)

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f.severity == "error")


class Workspace:
    """One open data file (:class:`Store`) and its current report."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.report_id: int | None = None
        self.report = Report()
        self.version: int | None = None  # of the current report, as loaded or last saved
        self._ruleset: RuleSet | None = None  # the default until a report is shown
        self.ruleset_note: str | None = None  # why the report's own rule set is not used

    @classmethod
    def open(cls, path: str | pathlib.Path, *, create: bool = False, read_only: bool = False) -> Workspace:
        """Open the data file at ``path`` for writing, or for viewing only with ``read_only``
        (StoreError when it is refused; see :func:`storage.store.open_store`)."""
        return cls(open_store(path, create=create, read_only=read_only))

    # -- the file ------------------------------------------------------------------------
    @property
    def path(self) -> pathlib.Path:
        return self.store.path

    @property
    def read_only(self) -> bool:
        return self.store.read_only

    @property
    def read_only_reason(self) -> str | None:
        return self.store.read_only_reason

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> Workspace:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def list_reports(self) -> list[ReportInfo]:
        return self.store.list_reports()

    def list_deleted(self) -> list[ReportInfo]:
        return self.store.list_deleted()

    def history(self, report_id: int) -> list[Version]:
        return self.store.history(report_id)

    def load_version(self, report_id: int, version: int) -> Report:
        return self.store.load_version(report_id, version)

    # -- the current report ---------------------------------------------------------------
    def open_report(self, report_id: int) -> Report:
        """Load ``report_id`` and make it the current report (remembering its version)."""
        report, self.version = self.store.load_with_version(report_id)
        self.report_id = report_id
        self.show(report_id, report)
        return self.report

    def show(self, report_id: int | None, report: Report) -> None:
        """Make ``report`` (already loaded or edited) the current report. The version
        stays that of the report as loaded; for another id it is the file's current one."""
        if report_id != self.report_id:
            self.version = None if report_id is None else self.store.version_of(report_id)
        self.report_id = report_id
        self.report = report
        self.use_ruleset()

    @property
    def ruleset(self) -> RuleSet:
        """The rule set the current report is scored by."""
        if self._ruleset is None:
            from storage.rulesets import DEFAULT_RULESET, load_ruleset

            self._ruleset = load_ruleset(DEFAULT_RULESET)
        return self._ruleset

    @ruleset.setter
    def ruleset(self, ruleset: RuleSet) -> None:
        self._ruleset = ruleset

    def use_ruleset(self, name: str | None = None) -> RuleSet:
        """Score by the current report's rule set: its own when it carries one (and
        ``name`` is not another), else the one called ``name`` (default: the one the report
        names; the default rule set when this copy lacks it, noted). Bundled rule sets
        are cached (storage.rulesets), so this is cheap on every edit."""
        from storage.rulesets import report_ruleset, resolve_ruleset

        own = self.report.own_rules
        if name is None or (own is not None and name == own.id):
            self.ruleset, self.ruleset_note = report_ruleset(self.report)
        else:
            self.ruleset, self.ruleset_note = resolve_ruleset(name)
        return self.ruleset

    def evaluate(self, report: Report | None = None) -> Evaluation:
        """Scores and findings of ``report`` (default: the current one) under its rule set,
        with what the data file has to say (a rule set missing here, a failed backup)."""
        report = self.report if report is None else report
        from model.audit import audit
        from model.scoring import score_report

        scores = score_report(report, self.ruleset)
        return Evaluation(scores, [*audit(report, self.ruleset, scores), *self.notes()])

    def notes(self) -> list[Finding]:
        """Findings about the file rather than the report: a missing rule set, a failed backup."""
        from model.audit import WARNING, Finding, Place

        found = []
        if self.ruleset_note:
            found.append(Finding(WARNING, "ruleset.missing", Place.of("ruleset"),
                                 f"{self.ruleset_note}；请在“评分规则”中选择一套本机有的规则。"))
        if self.store.backup_error:
            found.append(Finding(WARNING, "store.backup-failed", Place("overview", "file", "数据文件"),
                                 f"{self.store.backup_error}。报告已正常保存，只是没有备份；请检查磁盘空间和文件夹权限，"
                                 "或用“另存为”另存一份副本。"))
        return found

    def save(self) -> None:
        """Store the current report if the file still holds the version it was loaded as
        (one transaction; unchanged content adds no version); SaveConflict otherwise."""
        if self.report_id is None:
            return
        self.version = self.store.save(self.report_id, self.report, self.version or 0)

    def keep_both(self) -> int:
        """After a SaveConflict: add the content in memory as a new report whose 项目名称
        ends in “（冲突副本）”, and reload the current report as the file holds it (if it
        was deleted there, the copy becomes current). Returns the copy's id."""
        if self.report_id is None:
            raise ZepingError("没有正在编辑的报告", "report.none")
        mine = self.report
        copy = dataclasses.replace(mine, project=dataclasses.replace(mine.project, name=mine.project.name + CONFLICT_COPY))
        if mine.title and mine.title != default_title(mine):  # a title of the clerk's own: mark it too
            copy.title = mine.title + CONFLICT_COPY
        elif mine.title:
            copy.title = default_title(copy)
        copy_id = self.store.add(copy)
        try:
            self.open_report(self.report_id)
        except ReportNotFound:  # deleted there: continue in the copy
            self.open_report(copy_id)
        return copy_id

    # -- reports of the file ---------------------------------------------------------------
    def add(self, report: Report) -> int:
        """Store a new report and make it current; returns its id."""
        report_id = self.store.add(report)
        self.open_report(report_id)
        return report_id

    def add_many(self, reports: list[Report]) -> list[int]:
        """Store new reports in one transaction (all or nothing)."""
        return self.store.add_many(reports)

    def new_report(self, year: int, unit: str = NEW_UNIT, project: str = NEW_PROJECT) -> int:
        """A report from the template under the current rule set; becomes current."""
        return self.add(self.template_report(year, unit, project))

    def template_report(self, year: int, unit: str = NEW_UNIT, project: str = NEW_PROJECT) -> Report:
        """A report from the template under the current rule set (not stored): the unit's
        own rules, when the current report has them, go with it."""
        from model.template import new_report

        report = new_report(year, unit or NEW_UNIT, project or NEW_PROJECT, self.ruleset)
        if self.ruleset == self.report.own_rules:
            report.own_rules = self.ruleset
        return report

    def next_year_copy(self) -> CopyResult:
        """Next year's report from the current one (not stored yet)."""
        from model.template import copy_to_next_year

        return copy_to_next_year(self.report)

    def find_same(self, report: Report) -> int | None:
        """The id of a report in the file with exactly this content, if any."""
        from storage.interchange import dumps

        document = dumps(report)
        for info in self.same_year_and_project(report):
            if dumps(self.store.load(info.id)) == document:
                return info.id
        return None

    def same_year_and_project(self, report: Report) -> list[ReportInfo]:
        return [i for i in self.list_reports() if i.year == report.year and i.project == report.project.name]

    def open_first(self) -> int | None:
        """Open the first report of the file (a fresh writable file gets a blank one)."""
        infos = self.list_reports()
        if not infos and not self.read_only:
            self.new_report(datetime.date.today().year - 1)
            infos = self.list_reports()
        if not infos:
            self.show(None, Report())
            return None
        self.open_report(infos[0].id)
        return infos[0].id

    def delete(self, report_id: int) -> int:
        """Delete ``report_id`` (its history stays) and open the first report left."""
        if len(self.list_reports()) <= 1:
            raise ZepingError("这是数据文件中唯一的报告，不能删除。可先新建一份报告", "report.last-one")
        self.store.delete(report_id)
        first = self.list_reports()[0].id
        self.open_report(first)
        return first

    def restore(self, report_id: int, version: int) -> int:
        """Make ``version`` the content of ``report_id`` (a new version); opens it."""
        new_version = self.store.restore(report_id, version)
        self.open_report(report_id)
        return new_version

    def restore_deleted(self, report_id: int) -> int:
        """Bring a deleted report back as it was when deleted; opens it."""
        newest = self.store.history(report_id)[0]
        return self.restore(report_id, newest.version)
