"""S6 admin-to-criminal: administrative penalties × police case filings (舟山 行刑衔接).

Dates are relative to the model's default ``as_of`` (2022-12-31), its ``filing_days`` (30) and
``idle_days`` (180). Positives of each reason: penalties at or over their type's prosecution
threshold and not transferred; transfers with no filing, or a late one, after 30 days; open
filings idle more than 180 days (one with no source case, keyed by its own case number).
Near-misses sit one step inside every boundary: a cent under the threshold, a transfer exactly
30 days old, a filing on the 30th day, 180 idle days exactly, closed filings idle for long.
"""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass
from decimal import Decimal

from fayan.synth.county import SynthContext, scenario

MODEL = "admin-to-criminal"
AS_OF = dt.date(2022, 12, 31)
FILING_DAYS = 30
IDLE_DAYS = 180
OPEN = ("侦查中", "已立案")
CLOSED = ("已移送审查起诉", "已撤案", "终止侦查")


@dataclass(frozen=True)
class Kind:
    """A violation as an agency words it, and the model's default threshold for it (None: no
    prosecution threshold applies, the model never classifies it)."""

    violation: str
    threshold: Decimal | None
    offence: str = ""


FISHING = Kind("在禁渔期内使用禁用渔具捕捞", Decimal(100000), "非法捕捞水产品罪")
FISHING_ZONE = Kind("在禁渔区内非法捕捞", Decimal(100000), "非法捕捞水产品罪")
MINING = Kind("非法采砂（海砂）", Decimal(100000), "非法采矿罪")
SMUGGLING = Kind("走私冻品", Decimal(100000), "走私普通货物、物品罪")
SMUGGLING_OIL = Kind("走私成品油", Decimal(100000), "走私普通货物、物品罪")
BUSINESS = Kind("非法经营成品油", Decimal(50000), "非法经营罪")
FAKE = Kind("销售伪劣产品（以次充好）", Decimal(50000), "销售伪劣产品罪")
TOXIC = Kind("在食品中掺入非食品原料", Decimal(0), "生产、销售有毒、有害食品罪")

# (dataset, format, agency, case-number prefix, criminal kinds, merely administrative wordings)
AGENCIES = (
    (
        "admin_penalty__海洋渔业",
        "xlsx_title",
        "市海洋与渔业局",
        "渔罚",
        (FISHING, FISHING_ZONE),
        ("未按规定填写渔捞日志", "渔船未按规定标写船名号", "未携带捕捞许可证作业"),
    ),
    (
        "admin_penalty__市场监管",
        "gbk_csv",
        "市市场监督管理局",
        "市监罚",
        (FAKE, BUSINESS),
        ("未按规定明码标价", "虚假宣传", "未落实进货查验记录制度"),
    ),
    (
        "admin_penalty__海关",
        "bom_csv",
        "舟山海关",
        "关缉罚",
        (SMUGGLING, SMUGGLING_OIL),
        ("申报不实", "未按规定办理海关手续"),
    ),
    (
        "admin_penalty__自然资源",
        "gbk_csv",
        "市自然资源和规划局",
        "资规罚",
        (MINING,),
        ("未按规定进行地质灾害危险性评估", "未按期汇交地质资料"),
    ),
)
POLICE = "criminal_filing__公安"
COAST_GUARD = "criminal_filing__海警"


@scenario("admin_criminal")
def generate(ctx: SynthContext) -> None:
    for name, fmt, agency, *_ in AGENCIES:
        ctx.dataset(name, "admin_penalty", fmt, title="2021—2022年度行政处罚案件信息", agency=agency)
    ctx.dataset(POLICE, "criminal_filing", "xlsx_title", title="刑事案件立案信息表", agency="市公安局")
    ctx.dataset(COAST_GUARD, "criminal_filing", "gbk_csv", agency="舟山海警局")
    county = _County(ctx)
    county.background()
    county.untransferred()
    county.not_filed()
    county.idle()


class _County:
    def __init__(self, ctx: SynthContext) -> None:
        self.ctx = ctx
        self.serial = itertools.count(1)

    # ── rows ──────────────────────────────────────────────────────────
    def penalty(
        self,
        where: int,
        kind: Kind | str,
        amount: Decimal,
        decided: dt.date,
        transferred: dt.date | None | bool = False,
    ) -> dict[str, object]:
        """Add a penalty of agency ``AGENCIES[where]``; ``transferred`` is False, a transfer
        date, or True for "transferred, date not recorded"."""
        name, _, agency, prefix, *_ = AGENCIES[where]
        row: dict[str, object] = {
            "case_no": f"舟{prefix}〔{decided.year}〕{next(self.serial):04d}号",
            "agency": agency,
            "party_id": self.ctx.person_id(),
            "party_name": self.ctx.name(),
            "violation": kind.violation if isinstance(kind, Kind) else kind,
            "amount_involved": amount,
            "penalty_kind": self.ctx.rng.choice(["罚款", "罚款、没收违法所得", "没收违法物品"]),
            "fine_amount": Decimal(self.ctx.rng.randrange(1000, 50000, 500)),
            "penalty_date": decided,
            "transferred": transferred is not False,
            "transfer_date": transferred if isinstance(transferred, dt.date) else None,
        }
        self.ctx.add(name, row)
        return row

    def filing(
        self,
        penalty: dict[str, object] | None,
        filed: dt.date,
        status: str,
        last_activity: dt.date | None,
        offence: str = "",
    ) -> str:
        """Add a police filing, sourced from ``penalty`` or (None) the police's own case."""
        dataset = COAST_GUARD if penalty and str(penalty["agency"]) != "市市场监督管理局" else POLICE
        case_no = f"A330282{filed:%Y%m}{next(self.serial):06d}"
        suspect = str(penalty["party_name"]) if penalty else self.ctx.name()
        self.ctx.add(
            dataset,
            {
                "case_no": case_no,
                "case_name": f"{suspect}{offence or '盗窃'}案",
                "offence": offence or "盗窃罪",
                "suspect_id": penalty["party_id"] if penalty else self.ctx.person_id(),
                "suspect_name": suspect,
                "agency": "舟山海警局" if dataset == COAST_GUARD else "市公安局",
                "received_date": filed - dt.timedelta(days=self.ctx.rng.randint(0, 3)),
                "filed_date": filed,
                "source_case_no": penalty["case_no"] if penalty else None,
                "status": status,
                "last_activity_date": last_activity,
            },
        )
        return case_no

    def recent(self, since: dt.date) -> dt.date:
        """An activity date well inside the idle window."""
        return self.ctx.date_between(max(since, AS_OF - dt.timedelta(days=IDLE_DAYS - 30)), AS_OF)

    # ── background: nothing here may be flagged ───────────────────────
    def background(self) -> None:
        ctx = self.ctx
        for _ in range(ctx.count(600)):
            where = ctx.rng.randrange(len(AGENCIES))
            criminal, merely = AGENCIES[where][4], AGENCIES[where][5]
            decided = ctx.date_between(dt.date(2021, 1, 1), dt.date(2022, 10, 31))
            roll = ctx.rng.random()
            if roll < 0.55:  # merely administrative: any amount, never classified
                amount = Decimal(ctx.rng.randrange(0, 500000, 100))
                self.penalty(where, ctx.rng.choice(merely), amount, decided)
            elif roll < 0.85:  # a criminal kind well under its threshold, not transferred
                kind = ctx.rng.choice(criminal)
                assert kind.threshold
                amount = (kind.threshold * Decimal(ctx.rng.randint(5, 90)) / 100).quantize(Decimal("0.01"))
                self.penalty(where, kind, amount, decided)
            else:  # over the threshold, transferred and filed in time
                kind = ctx.rng.choice(criminal)
                assert kind.threshold
                amount = kind.threshold * ctx.rng.randint(1, 8)
                sent = decided + dt.timedelta(days=ctx.rng.randint(0, 10))
                row = self.penalty(where, kind, amount, decided, sent)
                filed = sent + dt.timedelta(days=ctx.rng.randint(1, FILING_DAYS - 5))
                self.settled_filing(row, filed, kind.offence)
        for _ in range(ctx.count(200)):  # the police's own cases, no source penalty
            self.settled_filing(None, ctx.date_between(dt.date(2021, 1, 1), dt.date(2022, 11, 30)))

    def settled_filing(self, penalty: dict[str, object] | None, filed: dt.date, offence: str = "") -> str:
        """A filing that is either closed or active recently."""
        if self.ctx.rng.random() < 0.6:
            last = self.ctx.date_between(filed, min(filed + dt.timedelta(days=200), AS_OF))
            return self.filing(penalty, filed, self.ctx.rng.choice(CLOSED), last, offence)
        return self.filing(penalty, filed, self.ctx.rng.choice(OPEN), self.recent(filed), offence)

    # ── reason 1: 应移送未移送 ─────────────────────────────────────────
    def untransferred(self) -> None:
        plant = self.ctx.plant
        cases = [
            (0, FISHING, Decimal("100000.00"), "非法捕捞，涉案金额恰为标准 10 万元"),
            (0, FISHING_ZONE, Decimal("356000.00"), "非法捕捞，远超标准"),
            (1, FAKE, Decimal("50000.00"), "销售伪劣产品，销售金额恰为 5 万元"),
            (1, BUSINESS, Decimal("88000.00"), "非法经营，超过 5 万元"),
            (1, TOXIC, Decimal("1200.00"), "掺入非食品原料，不论金额"),
            (2, SMUGGLING_OIL, Decimal("150000.00"), "走私，超过 10 万元"),
            (3, MINING, Decimal("120000.00"), "非法采矿，超过 10 万元"),
        ]
        for where, kind, amount, note in cases:
            row = self.penalty(where, kind, amount, self.ctx.date_between(dt.date(2022, 1, 1), AS_OF))
            plant(MODEL, str(row["case_no"]), "positive", f"应移送未移送：{note}")
        below = [(0, FISHING), (1, FAKE), (1, BUSINESS), (2, SMUGGLING), (3, MINING)]
        for where, kind in below:
            assert kind.threshold
            decided = self.ctx.date_between(dt.date(2022, 1, 1), AS_OF)
            row = self.penalty(where, kind, kind.threshold - Decimal("0.01"), decided)
            plant(MODEL, str(row["case_no"]), "near_miss", f"{kind.offence}：差一分钱未达标准")
        for where, kind in [(0, FISHING), (2, SMUGGLING)]:
            assert kind.threshold
            decided = dt.date(2022, 4, 6)
            row = self.penalty(where, kind, kind.threshold * 3, decided, decided + dt.timedelta(days=2))
            self.filing(
                row, decided + dt.timedelta(days=9), "已移送审查起诉", dt.date(2022, 7, 1), kind.offence
            )
            plant(MODEL, str(row["case_no"]), "near_miss", "超过标准，已移送并及时立案、已移送起诉")

    # ── reason 2: 移送未立案 ───────────────────────────────────────────
    def not_filed(self) -> None:
        plant = self.ctx.plant
        overdue = AS_OF - dt.timedelta(days=FILING_DAYS + 1)
        for where, kind, sent, note in [
            (2, SMUGGLING_OIL, overdue, "移送满 31 日无立案"),
            (0, FISHING, dt.date(2022, 6, 1), "移送半年无立案"),
            (3, MINING, dt.date(2022, 3, 15), "移送九个月无立案"),
        ]:
            assert kind.threshold
            row = self.penalty(where, kind, kind.threshold * 2, sent - dt.timedelta(days=3), sent)
            plant(MODEL, str(row["case_no"]), "positive", f"移送未立案：{note}")
        row = self.penalty(1, BUSINESS, Decimal(96000), dt.date(2022, 5, 10), True)
        plant(MODEL, str(row["case_no"]), "positive", "移送未立案：无移送日期，按处罚决定日期计")
        sent = dt.date(2022, 7, 1)
        row = self.penalty(1, FAKE, Decimal(90000), sent - dt.timedelta(days=5), sent)
        late = sent + dt.timedelta(days=FILING_DAYS + 1)
        self.filing(row, late, "已移送审查起诉", late + dt.timedelta(days=60), FAKE.offence)
        plant(MODEL, str(row["case_no"]), "positive", "移送未立案：第 31 日才立案")

        due = AS_OF - dt.timedelta(days=FILING_DAYS)
        row = self.penalty(0, FISHING_ZONE, Decimal(300000), due - dt.timedelta(days=2), due)
        plant(MODEL, str(row["case_no"]), "near_miss", "移送恰满 30 日，尚未到期")
        row = self.penalty(1, FAKE, Decimal(70000), due, True)
        plant(MODEL, str(row["case_no"]), "near_miss", "无移送日期，处罚决定恰满 30 日，尚未到期")
        sent = dt.date(2022, 8, 1)
        row = self.penalty(2, SMUGGLING, Decimal(180000), sent - dt.timedelta(days=1), sent)
        on_time = sent + dt.timedelta(days=FILING_DAYS)
        self.filing(row, on_time, "已移送审查起诉", on_time + dt.timedelta(days=40), SMUGGLING.offence)
        plant(MODEL, str(row["case_no"]), "near_miss", "第 30 日立案，未逾期")

    # ── reason 3: 立案后滞留 ───────────────────────────────────────────
    def idle(self) -> None:
        plant = self.ctx.plant
        stale = AS_OF - dt.timedelta(days=IDLE_DAYS + 1)
        fresh_enough = AS_OF - dt.timedelta(days=IDLE_DAYS)

        def sourced(where: int, kind: Kind, sent: dt.date, status: str, last: dt.date | None) -> str:
            assert kind.threshold is not None
            row = self.penalty(where, kind, kind.threshold * 2 + 1, sent - dt.timedelta(days=4), sent)
            self.filing(row, sent + dt.timedelta(days=5), status, last, kind.offence)
            return str(row["case_no"])

        key = sourced(0, FISHING, dt.date(2022, 2, 1), "侦查中", stale)
        plant(MODEL, key, "positive", "立案后滞留：181 日无办理记录")
        key = sourced(3, MINING, dt.date(2021, 9, 1), "已立案", None)
        plant(MODEL, key, "positive", "立案后滞留：无最后办理日期，立案已一年多")
        key = sourced(2, SMUGGLING_OIL, dt.date(2021, 11, 20), "侦查中", dt.date(2022, 2, 14))
        plant(MODEL, key, "positive", "立案后滞留：320 日无办理记录")
        own = self.filing(None, dt.date(2021, 12, 3), "侦查中", dt.date(2022, 3, 1), "非法捕捞水产品罪")
        plant(MODEL, own, "positive", "立案后滞留：公安自行立案，无来源编号，以刑事案件编号为主体")

        key = sourced(0, FISHING_ZONE, dt.date(2022, 3, 1), "侦查中", fresh_enough)
        plant(MODEL, key, "near_miss", "恰 180 日无办理记录，未超过")
        key = sourced(2, SMUGGLING, dt.date(2021, 6, 1), "已移送审查起诉", dt.date(2021, 8, 1))
        plant(MODEL, key, "near_miss", "已移送审查起诉，长期无记录不算滞留")
        own = self.filing(None, dt.date(2021, 3, 3), "已撤案", dt.date(2021, 5, 1), "非法采矿罪")
        plant(MODEL, own, "near_miss", "公安自行立案，已撤案，长期无记录不算滞留")
