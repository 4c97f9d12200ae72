"""S4 missed-recidivism: criminal judgments × criminal records (一本账 “遗漏前科”).

Positives: judgments that did not find recidivism although 刑法 art. 65 (prior fixed-term
imprisonment or heavier, new offence within 5 years of release or of the end of parole,
neither negligent, adult at the prior offence, new sentence fixed-term or heavier) or art. 66
(both offences state-security / terrorism / organised-crime, any interval) applies.
Near-misses sit just on the other side of every rule: 5 years + 1 day, offence on the release
day, prior 拘役/管制/罚金, negligent prior or new offence, 17 or exactly 18 on the birthday at
the prior offence, recidivism found, new sentence 拘役, art. 66 prior with a non-art. 66 new
offence, offence during parole, offence before release, prior sentence suspended.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from fayan.synth.county import SynthContext, scenario

MODEL = "missed-recidivism"
COURT = "慈溪市人民法院"
JUDGMENTS = "judgment"
RECORDS = ("criminal_record__公安", "criminal_record__监狱")
COMMON = ["盗窃罪", "诈骗罪", "故意伤害罪", "抢劫罪", "寻衅滋事罪", "开设赌场罪", "聚众斗殴罪"]
COMMON += ["贩卖毒品罪", "帮助信息网络犯罪活动罪", "非法拘禁罪", "敲诈勒索罪", "抢夺罪"]
LIGHT = ["拘役", "管制"]


def years_later(day: dt.date, years: int) -> dt.date:
    """The same calendar day ``years`` later (28 Feb for a 29 Feb that does not recur)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


@dataclass
class Prior:
    offence: str = "盗窃罪"
    sentence: str = "有期徒刑"
    months: int = 24
    release: dt.date = dt.date(2017, 6, 30)
    offence_date: dt.date | None = None  # default: some months before the judgment
    intentional: bool | None = True
    reason: str = "刑满释放"
    parole_end: dt.date | None = None
    judgment_date: dt.date | None = None
    extra: dict[str, Any] = field(default_factory=dict)


def served(p: Prior) -> int:
    """Months between judgment and release (a life or suspended death sentence: ~15 years)."""
    return p.months or (180 if p.sentence in ("无期徒刑", "死刑缓期二年执行") else 0)


@dataclass
class New:
    offence: str = "盗窃罪"
    offence_date: dt.date = dt.date(2021, 5, 1)
    sentence: str = "有期徒刑"
    months: int = 18
    suspended: bool = False
    found: bool = False


@scenario("recidivism")
def generate(ctx: SynthContext) -> None:
    ctx.dataset(
        JUDGMENTS,
        "judgment",
        "xlsx_title",
        title="刑事判决被告人信息表（2016—2023年）",
        agency="慈溪市人民法院",
    )
    ctx.dataset(RECORDS[0], "criminal_record", "gbk_csv", agency="慈溪市公安局")
    ctx.dataset(RECORDS[1], "criminal_record", "bom_csv", agency="浙江省监狱管理局")
    serial = iter(range(1, 1_000_000))

    def case_no(year: int, kind: str = "刑初") -> str:
        return f"（{year}）浙0282{kind}{next(serial)}号"

    def person(birth: dt.date | None = None) -> tuple[str, str, dt.date]:
        born = birth or ctx.date_between(dt.date(1960, 1, 1), dt.date(1980, 12, 31))
        return ctx.person_id(born), ctx.name(), born

    def record(pid: str, name: str, p: Prior, where: str | None = None) -> None:
        judged = p.judgment_date or (p.release - dt.timedelta(days=30 * served(p) + ctx.rng.randint(20, 90)))
        row: dict[str, Any] = {
            "id_number": pid,
            "name": name,
            "case_no": case_no(judged.year),
            "court": COURT,
            "offence": p.offence,
            "intentional": p.intentional,
            "offence_date": p.offence_date,
            "judgment_date": judged,
            "sentence_type": p.sentence,
            "sentence_months": p.months if p.sentence in ("有期徒刑", "拘役", "管制") else None,
            "release_date": p.release,
            "release_reason": p.reason,
            "parole_end_date": p.parole_end,
            **p.extra,
        }
        ctx.add(where or ctx.rng.choice(RECORDS), row)

    def judgment(pid: str, name: str, born: dt.date, n: New) -> str:
        judged = n.offence_date + dt.timedelta(days=ctx.rng.randint(90, 300))
        number = case_no(judged.year)
        ctx.add(
            JUDGMENTS,
            {
                "case_no": number,
                "court": COURT,
                "defendant_id": pid,
                "defendant_name": name,
                "defendant_birth_date": born if ctx.rng.random() < 0.5 else None,
                "offence": n.offence,
                "offence_date": n.offence_date,
                "judgment_date": judged,
                "effective_date": judged + dt.timedelta(days=ctx.rng.randint(10, 20)),
                "sentence_type": n.sentence,
                "sentence_months": n.months if n.sentence in ("有期徒刑", "拘役", "管制") else None,
                "suspended": n.suspended,
                "recidivist_found": n.found,
            },
        )
        return number

    def pair(prior: Prior, new: New, kind: str | None, note: str, birth: dt.date | None = None) -> None:
        pid, name, born = person(birth)
        if prior.offence_date is None and "no_offence_date" not in prior.extra:
            judged = prior.release - dt.timedelta(days=30 * served(prior) + 60)
            prior.judgment_date = prior.judgment_date or judged
            prior.offence_date = prior.judgment_date - dt.timedelta(days=ctx.rng.randint(60, 200))
        prior.extra.pop("no_offence_date", None)
        record(pid, name, prior)
        number = judgment(pid, name, born, new)
        if kind:
            ctx.plant(MODEL, number, kind, note)

    def release_day() -> dt.date:
        return ctx.date_between(dt.date(2015, 1, 1), dt.date(2018, 12, 31)).replace(
            day=ctx.rng.randint(1, 28)
        )

    # Background: first offenders; recidivists the court did recognise; priors long ago.
    for _ in range(ctx.count(400)):
        pid, name, born = person()
        sentence = ctx.rng.choice(["有期徒刑"] * 6 + LIGHT)
        judgment(
            pid,
            name,
            born,
            New(
                ctx.rng.choice(COMMON), ctx.date_between(dt.date(2016, 1, 1), dt.date(2023, 6, 30)), sentence
            ),
        )
    for _ in range(ctx.count(120)):
        release = release_day()
        new = New(ctx.rng.choice(COMMON), release + dt.timedelta(days=ctx.rng.randint(60, 1700)), found=True)
        pair(Prior(ctx.rng.choice(COMMON), months=ctx.rng.randint(8, 60), release=release), new, None, "")
    for _ in range(ctx.count(120)):
        release = ctx.date_between(dt.date(2008, 1, 1), dt.date(2012, 12, 31))
        late = years_later(release, 5) + dt.timedelta(days=ctx.rng.randint(30, 1500))
        pair(
            Prior(ctx.rng.choice(COMMON), months=ctx.rng.randint(8, 60), release=release),
            New(ctx.rng.choice(COMMON), late),
            None,
            "",
        )
    for _ in range(ctx.count(300)):  # people with a record and no new judgment
        pid, name, _born = person()
        release = ctx.date_between(dt.date(2010, 1, 1), dt.date(2022, 12, 31))
        sentence = ctx.rng.choice(["有期徒刑"] * 5 + LIGHT)
        record(pid, name, Prior(ctx.rng.choice(COMMON), sentence, ctx.rng.randint(3, 60), release))

    # Positives, art. 65.
    plain = [
        ("开设赌场罪", "有期徒刑", 36),
        ("聚众斗殴罪", "有期徒刑", 14),
        ("故意杀人罪", "无期徒刑", 0),
        ("贩卖毒品罪", "死刑缓期二年执行", 0),
        ("抢劫罪", "有期徒刑", 60),
    ]
    for n, (offence, sentence, months) in enumerate(plain):
        release = release_day()
        new = New(COMMON[n], release + dt.timedelta(days=ctx.rng.randint(30, 1700)), months=12 + 6 * n)
        pair(Prior(offence, sentence, months, release), new, "positive", f"一般累犯：前罪{sentence}")
    for _ in range(2):  # the 5th anniversary of the release is still "within five years"
        release = release_day()
        new = New("诈骗罪", years_later(release, 5))
        pair(Prior("诈骗罪", release=release), new, "positive", "一般累犯：释放五周年当日再犯")
    for _ in range(2):  # parole: counted from the end of parole, > 5 years after release
        release = ctx.date_between(dt.date(2011, 1, 1), dt.date(2012, 12, 31))
        parole_end = years_later(release, 2) + dt.timedelta(days=ctx.rng.randint(0, 300))
        new = New("故意伤害罪", years_later(parole_end, 4) + dt.timedelta(days=ctx.rng.randint(0, 200)))
        prior = Prior("抢劫罪", months=96, release=release, reason="假释", parole_end=parole_end)
        pair(prior, new, "positive", "一般累犯：假释考验期满后五年内再犯（距释放已超五年）")
    for _ in range(2):  # no offence date and no intentional flag on the prior: not excluded
        release = release_day()
        prior = Prior("抢夺罪", months=18, release=release, intentional=None, extra={"no_offence_date": True})
        new = New("盗窃罪", release + dt.timedelta(days=ctx.rng.randint(100, 1500)))
        pair(prior, new, "positive", "一般累犯：前科缺犯罪日期和罪过形式，不排除")
    born = dt.date(1996, 3, 14)  # prior offence on the day after the 18th birthday
    release = dt.date(2016, 9, 1)
    prior = Prior(
        "抢劫罪", months=24, release=release, offence_date=years_later(born, 18) + dt.timedelta(days=1)
    )
    pair(
        prior, New("抢劫罪", dt.date(2019, 4, 2)), "positive", "一般累犯：前罪犯罪时刚满十八周岁", birth=born
    )
    release = release_day()
    new = New("盗窃罪", release + dt.timedelta(days=400), months=10, suspended=True)
    pair(Prior("盗窃罪", release=release), new, "positive", "一般累犯且判处缓刑（刑法第七十四条）")

    # Positives, art. 66.
    release = dt.date(2009, 7, 15)
    new = New("组织、领导、参加黑社会性质组织罪", dt.date(2020, 10, 1), months=84)
    pair(
        Prior("组织、领导、参加黑社会性质组织罪", months=40, release=release),
        new,
        "positive",
        "特别累犯：相隔十一年",
    )
    release = dt.date(2019, 3, 20)
    new = New("宣扬恐怖主义、极端主义、煽动实施恐怖活动罪", dt.date(2021, 8, 8), months=30)
    prior = Prior("帮助恐怖活动罪", "拘役", 5, release)
    pair(prior, new, "positive", "特别累犯：前罪仅判拘役")
    release = dt.date(2007, 12, 1)
    new = New("组织、领导、参加黑社会性质组织罪", dt.date(2019, 5, 5), months=48)
    pair(
        Prior("包庇、纵容黑社会性质组织罪", months=30, release=release),
        new,
        "positive",
        "特别累犯：两个不同的黑社会罪名",
    )

    # Near-misses.
    release = release_day()
    new = New("诈骗罪", years_later(release, 5) + dt.timedelta(days=1))
    pair(Prior("诈骗罪", release=release), new, "near_miss", "释放五周年次日再犯：超过五年")
    release = release_day()
    pair(Prior("盗窃罪", release=release), New("盗窃罪", release), "near_miss", "释放当日再犯：不计入")
    for sentence in ("拘役", "管制", "罚金"):
        release = release_day()
        prior = Prior("盗窃罪", sentence, 4 if sentence != "罚金" else 0, release)
        pair(prior, New("盗窃罪", release + dt.timedelta(days=500)), "near_miss", f"前罪仅判{sentence}")
    release = release_day()
    prior = Prior("交通肇事罪", months=30, release=release, intentional=None)
    pair(prior, New("故意伤害罪", release + dt.timedelta(days=700)), "near_miss", "前罪为过失犯罪（罪名）")
    release = release_day()
    prior = Prior("过失致人死亡罪", months=36, release=release, intentional=False)
    pair(prior, New("抢劫罪", release + dt.timedelta(days=300)), "near_miss", "前罪为过失犯罪（罪名）")
    release = release_day()
    prior = Prior("武器装备肇事罪", months=30, release=release, intentional=False)
    pair(
        prior,
        New("盗窃罪", release + dt.timedelta(days=300)),
        "near_miss",
        "前罪为过失犯罪（罪过形式为过失）",
    )
    release = release_day()
    new = New("交通肇事罪", release + dt.timedelta(days=900), months=24)
    pair(Prior("抢劫罪", months=36, release=release), new, "near_miss", "本次为过失犯罪")
    born = dt.date(1997, 8, 20)
    pair(
        Prior("抢劫罪", months=24, release=dt.date(2017, 3, 1), offence_date=dt.date(2015, 2, 10)),
        New("抢劫罪", dt.date(2019, 6, 1)),
        "near_miss",
        "前罪犯罪时十七周岁",
        birth=born,
    )
    born = dt.date(1997, 5, 6)
    pair(
        Prior("抢劫罪", months=24, release=dt.date(2017, 8, 1), offence_date=years_later(born, 18)),
        New("抢劫罪", dt.date(2019, 6, 1)),
        "near_miss",
        "前罪犯罪日为十八周岁生日当天：尚未满十八周岁",
        birth=born,
    )
    born = dt.date(1997, 11, 11)
    pair(
        Prior(
            "盗窃罪",
            months=12,
            release=dt.date(2016, 9, 30),
            judgment_date=dt.date(2015, 10, 1),
            extra={"no_offence_date": True},
        ),
        New("盗窃罪", dt.date(2018, 1, 1)),
        "near_miss",
        "前科无犯罪日期，判决时未满十八周岁",
        birth=born,
    )
    release = release_day()
    new = New("盗窃罪", release + dt.timedelta(days=600), found=True)
    pair(Prior("盗窃罪", release=release), new, "near_miss", "判决已认定累犯")
    release = release_day()
    new = New("盗窃罪", release + dt.timedelta(days=600), sentence="拘役", months=5)
    pair(Prior("盗窃罪", release=release), new, "near_miss", "本次仅判拘役")
    release = dt.date(2010, 4, 1)
    new = New("盗窃罪", dt.date(2020, 4, 1))
    pair(
        Prior("组织、领导、参加黑社会性质组织罪", months=36, release=release),
        new,
        "near_miss",
        "第六十六条前罪、本次非三类犯罪且超五年",
    )
    release = dt.date(2016, 3, 1)
    prior = Prior("抢劫罪", months=72, release=release, reason="假释", parole_end=dt.date(2018, 3, 1))
    pair(prior, New("抢劫罪", dt.date(2017, 9, 9)), "near_miss", "假释考验期内再犯：撤销假释而非累犯")
    release = dt.date(2019, 5, 1)
    pair(
        Prior("盗窃罪", months=30, release=release),
        New("诈骗罪", dt.date(2018, 12, 1)),
        "near_miss",
        "释放前所犯（漏罪）",
    )
    release = dt.date(2020, 2, 1)
    prior = Prior("故意伤害罪", months=24, release=release, reason="缓刑考验期满")
    pair(prior, New("故意伤害罪", dt.date(2021, 5, 5)), "near_miss", "前罪缓刑考验期满：原判刑罚未执行")
