"""Trial protocols as data: the pydantic schema of ``resources/protocols/*.json``.

Every threshold, dose and rule in the program comes from one of these files, each
with the registry sentence it was taken from. Loading a file validates it; a bad
file is refused with the file, the field and the problem named.
"""

import hashlib
import json
from decimal import Decimal
from functools import cached_property
from pathlib import Path
from typing import Annotated, Literal, Union

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator
from typing_extensions import TypeAliasType

from ..i18n import _
from .errors import InputError, messages_from_validation

Comparison = Literal["<", "<=", ">", ">="]


class _Data(BaseModel):
    #: Validators are built when a model is first used, not when its class is defined (issue 17):
    #: only the models a file is validated against build one (``Protocol``, the site files,
    #: ``LoadedProtocol``); the conditions, criteria, arms and rules are built once, inside them,
    #: rather than each on its own first (and the recursive conditions twice, before and after
    #: ``Condition`` exists). Validation is the same: every file is still validated on load.
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class Attested(_Data):
    """The clinician attests whether the criterion's statement holds."""

    rule: Literal["attested"]


class AgeBetween(_Data):
    """Age in whole years on the screening date, both limits inclusive."""

    rule: Literal["age_between"]
    min: int
    max: int


class Compare(_Data):
    """A measured or computed value against an absolute limit in its canonical unit."""

    rule: Literal["compare"]
    measure: Literal["plt", "nadir_plt", "ecog", "creatinine_clearance"]
    op: Comparison
    limit: Decimal


class CompareUln(_Data):
    """A lab value against a multiple of the laboratory's upper limit of normal."""

    rule: Literal["compare_uln"]
    measure: Literal["alt", "ast", "tbil", "creatinine", "inr"]
    op: Comparison
    multiple: Decimal


class AnyOf(_Data):
    rule: Literal["any_of"]
    conditions: list["Condition"] = Field(min_length=1)


class AllOf(_Data):
    rule: Literal["all_of"]
    conditions: list["Condition"] = Field(min_length=1)


class ByLiverMetastases(_Data):
    """Different limits with and without liver metastases."""

    rule: Literal["by_liver_metastases"]
    present: "Condition"
    absent: "Condition"


class AppliesTo(_Data):
    """A criterion that applies only to part of the population (pregnancy criteria).

    ``women``: every woman, whatever her childbearing potential (pregnant or breastfeeding
    women); not applicable only to men.
    """

    rule: Literal["applies_to"]
    population: Literal["women", "women_of_childbearing_potential", "women_of_childbearing_potential_and_men"]
    then: "Condition"


#: One named definition (issue 17): the union and its discriminator are built once per protocol and
#: referred to from the criteria, their per-arm variants and the nested conditions, rather than
#: built again at each of those seven places (the same checks and messages, compared).
Condition = TypeAliasType("Condition", Annotated[
    Union[Attested, AgeBetween, Compare, CompareUln, AnyOf, AllOf, ByLiverMetastases, AppliesTo],
    Field(discriminator="rule"),
])


DecidedBy = Literal["computed", "attested", "computed+attested", "note"]


def _decision_parts(condition: Condition) -> set[str]:
    if isinstance(condition, Attested):
        return {"attested"}
    if isinstance(condition, (AnyOf, AllOf)):
        return set().union(*(_decision_parts(c) for c in condition.conditions))
    if isinstance(condition, ByLiverMetastases):
        return _decision_parts(condition.present) | _decision_parts(condition.absent)
    if isinstance(condition, AppliesTo):
        return _decision_parts(condition.then)
    return {"computed"}


class Criterion(_Data):
    id: Annotated[str, Field(pattern=r"^(IN|EX)\d+(\.\d+)?$")]
    kind: Literal["inclusion", "exclusion", "note"]
    text: Annotated[str, Field(min_length=1)]
    decide: Condition | None = None
    arms: list[str] | None = Field(default=None, description="Only for these arms; all arms when absent.")
    variants: dict[str, Condition] | None = Field(
        default=None, description="Per-arm decision, where cohorts differ (arm id → condition)."
    )
    comment: str | None = None

    @model_validator(mode="after")
    def _decidable(self) -> "Criterion":
        if self.kind != "note" and self.decide is None and not self.variants:
            raise ValueError(f"criterion {self.id}: needs 'decide' or 'variants'")
        return self

    def condition_for(self, arm: str) -> Condition | None:
        if self.variants and arm in self.variants:
            return self.variants[arm]
        return self.decide

    @cached_property
    def _decided_by_arm(self) -> dict[str, DecidedBy]:
        return {}

    def decided_by(self, arm: str) -> DecidedBy:
        """Whether this criterion is computed from the case, attested by the clinician, or both."""
        cache = self._decided_by_arm
        if arm not in cache:
            condition = self.condition_for(arm)
            if self.kind == "note" or condition is None:
                cache[arm] = "note"
            else:
                parts = _decision_parts(condition)
                cache[arm] = "computed+attested" if len(parts) == 2 else parts.pop()
        return cache[arm]


class Dose(_Data):
    drug: Annotated[str, Field(min_length=1)]
    amount: Annotated[Decimal, Field(gt=0)]
    unit: Literal["mg", "units"]
    route: Literal["oral", "subcutaneous"]
    frequency: Literal["daily"]
    first_day: Annotated[int, Field(ge=1)] = 1
    last_day: Annotated[int, Field(ge=1)]
    source: Annotated[str, Field(min_length=1)]


class Arm(_Data):
    id: Annotated[str, Field(min_length=1)]
    label: Annotated[str, Field(min_length=1)]
    regimen: Annotated[str, Field(min_length=1)]
    doses: list[Dose] = Field(min_length=1)


class Sourced(_Data):
    source: str | None = Field(description="Verbatim registry sentence; null where the registry is silent.")
    site_rule: bool = False
    note: str | None = None

    @model_validator(mode="after")
    def _traceable(self):
        if self.source is None and not self.site_rule:
            raise ValueError("a rule without a registry sentence must be marked site_rule: true")
        return self


class CheckpointDays(Sourced):
    days: list[Annotated[int, Field(ge=1)]] = Field(min_length=1)


class PlateletThresholdRule(Sourced):
    """PLT at least ``plt_at_least`` or a rise of at least ``rise_at_least`` from baseline."""

    plt_at_least: Decimal
    rise_at_least: Decimal
    within_days: int | None = None


class RescueRule(Sourced):
    """PLT at most ``plt_at_most``, or below ``plt_below_with_bleeding_risk`` with bleeding risk."""

    plt_at_most: Decimal
    plt_below_with_bleeding_risk: Decimal
    action: Annotated[str, Field(min_length=1)]


class DoseAdjustment(Sourced):
    """The registry says the dose follows PLT but gives no table: the site supplies it."""

    site_rule_file: Annotated[str, Field(min_length=1)]


class Protocol(_Data):
    format: Literal["ctit-protocol/1"]
    id: Annotated[str, Field(pattern=r"^NCT\d{8}$")]
    short_title: Annotated[str, Field(min_length=1)]
    title: Annotated[str, Field(min_length=1)]
    registry_last_updated: str
    version: Annotated[str, Field(min_length=1)]
    treatment_days: Annotated[int, Field(ge=1, le=14)]
    arms: list[Arm] = Field(min_length=1)
    checkpoint_days: CheckpointDays
    criteria: list[Criterion] = Field(min_length=1)
    stop_rule: PlateletThresholdRule | None = None
    rescue_rule: RescueRule | None = None
    response_rule: PlateletThresholdRule | None = None
    dose_adjustment: DoseAdjustment | None = None
    undefined_rules_note: str | None = Field(
        default=None, description="Said wherever a stop, rescue or response rule is absent."
    )

    @model_validator(mode="after")
    def _consistent(self) -> "Protocol":
        ids = [c.id for c in self.criteria]
        repeated = sorted({i for i in ids if ids.count(i) > 1})
        if repeated:
            raise ValueError(f"criterion ids repeated: {', '.join(repeated)}")
        arm_ids = {a.id for a in self.arms}
        for criterion in self.criteria:
            for arm in (criterion.arms or []) + list(criterion.variants or {}):
                if arm not in arm_ids:
                    raise ValueError(f"criterion {criterion.id} names unknown arm {arm!r}")
        for arm in self.arms:
            for dose in arm.doses:
                if not dose.first_day <= dose.last_day <= self.treatment_days:
                    raise ValueError(f"arm {arm.id}: dose days must lie within 1–{self.treatment_days}")
        if any(d > self.treatment_days for d in self.checkpoint_days.days):
            raise ValueError("checkpoint_days: every day must lie within the treatment days")
        missing = self.stop_rule is None or self.rescue_rule is None or self.response_rule is None
        if missing and not self.undefined_rules_note:
            raise ValueError("undefined_rules_note is required when a stop, rescue or response rule is absent")
        return self

    @cached_property
    def _decision_tables(self) -> dict[str, tuple]:
        return {}

    def decision_table(self, arm_id: str) -> tuple[tuple[Criterion, Condition | None, DecidedBy], ...]:
        """The arm's criteria with the condition and kind of decision of each, worked out once."""
        tables = self._decision_tables
        if arm_id not in tables:
            tables[arm_id] = tuple(
                (c, None if c.kind == "note" else c.condition_for(arm_id), c.decided_by(arm_id))
                for c in self.criteria_for(arm_id)
            )
        return tables[arm_id]

    def criterion_ids(self, arm_id: str) -> frozenset[str]:
        key = ("criterion_ids", arm_id)  # worked out once per arm, beside the decision tables
        tables = self._decision_tables
        if key not in tables:
            tables[key] = frozenset(c.id for c, _verdict, _why in self.decision_table(arm_id))
        return tables[key]

    def arm(self, arm_id: str) -> Arm | None:
        return self._arms_by_id.get(arm_id)

    @cached_property
    def _arms_by_id(self) -> dict[str, Arm]:
        """Each arm by its id (the first, were one repeated), looked up once per case by `check`."""
        arms: dict[str, Arm] = {}
        for arm in self.arms:
            arms.setdefault(arm.id, arm)
        return arms

    def criteria_for(self, arm_id: str) -> list[Criterion]:
        return [c for c in self.criteria if c.arms is None or arm_id in c.arms]


class PlateletRange(_Data):
    """A half-open PLT band: ``at_least`` ≤ PLT < ``below`` (×10⁹/L); either end may be open."""

    at_least: Annotated[Decimal, Field(ge=0)] | None = None
    below: Annotated[Decimal, Field(gt=0)] | None = None


class SiteDoseRow(_Data):
    plt: PlateletRange
    action: Literal["dose", "hold"]
    amount: Annotated[Decimal, Field(gt=0)] | None = None
    unit: Literal["mg"] | None = None
    source: Annotated[str, Field(min_length=1, description="Where the site took this row from.")]

    @model_validator(mode="after")
    def _dose_has_amount(self) -> "SiteDoseRow":
        if self.action == "dose" and (self.amount is None or self.unit is None):
            raise ValueError("a 'dose' row needs amount and unit")
        if self.action == "hold" and self.amount is not None:
            raise ValueError("a 'hold' row takes no amount")
        return self


class SiteDoseTable(_Data):
    """The site's PLT-based dose-adjustment table: site rule — not in registry."""

    format: Literal["ctit-site-dose-table/1"]
    trial: Annotated[str, Field(pattern=r"^NCT\d{8}$")]
    drug: Annotated[str, Field(min_length=1)]
    approved_by: str | None = None
    rows: list[SiteDoseRow] = []

    @model_validator(mode="after")
    def _no_overlap(self) -> "SiteDoseTable":
        bands = sorted(
            (r.plt.at_least if r.plt.at_least is not None else Decimal("-Infinity"),
             r.plt.below if r.plt.below is not None else Decimal("Infinity"))
            for r in self.rows
        )
        for low, high in bands:
            if low >= high:
                raise ValueError(f"PLT band {low}–{high} is empty")
        for (_low, high), (low, _high) in zip(bands, bands[1:]):
            if low < high:
                raise ValueError("PLT bands overlap: each count must fall in at most one row")
        return self

    def row_for(self, platelet_count: Decimal) -> SiteDoseRow | None:
        for row in self.rows:
            if (row.plt.at_least is None or platelet_count >= row.plt.at_least) and (
                row.plt.below is None or platelet_count < row.plt.below
            ):
                return row
        return None


class SiteStopDayPolicy(_Data):
    """The site's own policy on the dose of the day whose count meets the stop rule.

    The registry is silent on that dose; without this file the program withholds it
    if not yet given and says that this is its reading. Site rule — not in registry.
    File: ``resources/site/<trial>.stop-day.json``.
    """

    format: Literal["ctit-site-stop-day/1"]
    trial: Annotated[str, Field(pattern=r"^NCT\d{8}$")]
    withhold: bool
    policy: Annotated[str, Field(min_length=1, description="The site's policy in words.")]
    source: Annotated[str, Field(min_length=1, description="Where the site's policy is written.")]
    approved_by: str | None = None


class LoadedProtocol(_Data):
    """A protocol with where it came from, its content hash and its site table."""

    protocol: Protocol
    path: str
    sha256: str
    site_table: SiteDoseTable | None = None
    site_table_sha256: str | None = None
    stop_day_policy: SiteStopDayPolicy | None = None

    @property
    def short_hash(self) -> str:
        return self.sha256[:12]


def _read_json(path: Path) -> tuple[object, bytes]:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError([_("{file}: cannot be read ({why})", file=path.name, why=exc.strerror)]) from None
    try:
        return json.loads(raw), raw
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise InputError([_("{file}: not valid JSON ({why})", file=path.name, why=exc)]) from None


def _validate(model: type[BaseModel], data: object, path: Path) -> BaseModel:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise InputError([f"{path.name}: {m}" for m in messages_from_validation(exc)]) from None


def load_protocol(path: Path) -> LoadedProtocol:
    data, raw = _read_json(path)
    protocol = _validate(Protocol, data, path)
    site_table = site_hash = None
    if protocol.dose_adjustment is not None:
        site_path = path.parent.parent / "site" / protocol.dose_adjustment.site_rule_file
        site_data, site_raw = _read_json(site_path)
        site_table = _validate(SiteDoseTable, site_data, site_path)
        if site_table.trial != protocol.id:
            raise InputError([_("{file}: trial: is {value}, expected {expected}", file=site_path.name,
                                value=site_table.trial, expected=protocol.id)])
        if not any(d.drug == site_table.drug for arm in protocol.arms for d in arm.doses):
            raise InputError([_("{file}: drug: {drug} is not a drug of {trial}", file=site_path.name,
                                drug=repr(site_table.drug), trial=protocol.id)])
        site_hash = hashlib.sha256(site_raw).hexdigest()
    stop_day_policy = None
    stop_day_path = path.parent.parent / "site" / f"{protocol.id}.stop-day.json"
    if stop_day_path.is_file():
        stop_day_data, _raw = _read_json(stop_day_path)
        stop_day_policy = _validate(SiteStopDayPolicy, stop_day_data, stop_day_path)
        if stop_day_policy.trial != protocol.id:
            raise InputError([_("{file}: trial: is {value}, expected {expected}", file=stop_day_path.name,
                                value=stop_day_policy.trial, expected=protocol.id)])
        if protocol.stop_rule is None:
            raise InputError([_("{file}: {trial} has no stop rule, so no stop-day policy applies",
                                file=stop_day_path.name, trial=protocol.id)])
    return LoadedProtocol(
        protocol=protocol,
        path=str(path),
        sha256=hashlib.sha256(raw).hexdigest(),
        site_table=site_table,
        site_table_sha256=site_hash,
        stop_day_policy=stop_day_policy,
    )


def load_protocols(folder: Path) -> dict[str, LoadedProtocol]:
    """Every ``*.json`` protocol in ``folder``, keyed by NCT id."""
    loaded: dict[str, LoadedProtocol] = {}
    problems: list[str] = []
    for path in sorted(folder.glob("*.json")):
        try:
            item = load_protocol(path)
        except InputError as exc:
            problems.extend(exc.messages)
            continue
        if item.protocol.id in loaded:
            problems.append(_("{file}: id: {trial} is already defined by another file", file=path.name,
                              trial=item.protocol.id))
            continue
        loaded[item.protocol.id] = item
    if problems:
        raise InputError(problems)
    return loaded


def with_stop_day_policy(loaded: LoadedProtocol, policy: SiteStopDayPolicy | None) -> LoadedProtocol:
    """The same protocol with another stop-day policy (tests and site previews)."""
    return loaded.model_copy(update={"stop_day_policy": policy})


def with_site_table(loaded: LoadedProtocol, table: SiteDoseTable) -> LoadedProtocol:
    """The same protocol with another site table (tests and site previews)."""
    return loaded.model_copy(update={"site_table": table})
