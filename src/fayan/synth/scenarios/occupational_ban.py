"""S8 occupational-ban: staff rosters of schools, training and child-care bodies × criminal
records (杭州 禁业码).

Positives: current staff of a body in close contact with minors with a record for a barred
offence (sexual offences, abuse, trafficking), one of them on two rosters. Near-misses: a
school employee with a record for a non-barred offence (盗窃罪, 故意伤害罪); a barred offender
working for a logistics company or a university; a barred offender who has left the school;
a barred offender on no roster.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from fayan.synth.county import SynthContext, scenario

MODEL = "occupational-ban"
SCHOOLS = "staff_roster__教育局"
OTHERS = "staff_roster__培训托育"
LABOUR = "staff_roster__用工备案"
RECORDS = "criminal_record__公安"

EDUCATION = [
    ("慈溪市实验小学", "小学"),
    ("慈溪市浒山街道中心小学", "小学"),
    ("慈溪市第二初级中学", "初级中学"),
    ("慈溪中学", "高级中学"),
    ("慈溪市浒山街道中心幼儿园", "幼儿园"),
    ("慈溪市阳光幼儿园", "幼儿园"),
    ("慈溪市职业高级中学", "中等职业学校"),
    ("慈溪市培智学校", "特殊教育学校"),
    ("慈溪市坎墩九年一贯制学校", "九年一贯制学校"),
]
TRAINING = [
    ("慈溪市启航教育培训学校有限公司", "校外培训机构"),
    ("慈溪市小书虫艺术培训中心", "校外培训机构"),
    ("慈溪市小橙子托育中心", "托育机构"),
    ("慈溪市爱心午托服务部", "午托机构"),
]
COMPANIES = [
    ("慈溪市顺达物流有限公司", "物流公司"),
    ("慈溪市明珠电器有限公司", "制造企业"),
    ("慈溪市好味道餐饮有限公司", "餐饮企业"),
]
UNIVERSITY = ("宁波某职业技术学院慈溪校区", "高等学校")
POSITIONS = ["教师", "班主任", "保安", "食堂工作人员", "校车司机", "行政人员", "保洁员"]
CARERS = ("幼儿园", "托育机构", "午托机构")
# Judgment dates by which an offence name was in use (刑法修正案（九） from 2015-11-01,
# 修正案（十一） from 2021-03-01; the offence precedes the judgment by up to 300 days).
IN_FORCE = {
    "强制猥亵、侮辱妇女罪": (dt.date(2003, 1, 1), dt.date(2015, 6, 30)),
    "强制猥亵、侮辱罪": (dt.date(2016, 9, 1), dt.date(2022, 6, 30)),
    "虐待被监护、看护人罪": (dt.date(2016, 9, 1), dt.date(2022, 6, 30)),
    "负有照护职责人员性侵罪": (dt.date(2021, 9, 1), dt.date(2021, 12, 31)),
}
HARMLESS = ["盗窃罪", "危险驾驶罪", "诈骗罪", "故意伤害罪", "赌博罪", "交通肇事罪"]
BARRED = [
    "强奸罪",
    "强制猥亵、侮辱罪",
    "猥亵儿童罪",
    "负有照护职责人员性侵罪",
    "强制猥亵、侮辱妇女罪",
    "虐待被监护、看护人罪",
    "虐待罪",
    "拐卖妇女、儿童罪",
    "收买被拐卖的妇女、儿童罪",
    "拐骗儿童罪",
]


@scenario("occupational_ban")
def generate(ctx: SynthContext) -> None:
    ctx.dataset(
        SCHOOLS, "staff_roster", "xlsx_title", title="全市中小学幼儿园教职员工花名册", agency="慈溪市教育局"
    )
    ctx.dataset(OTHERS, "staff_roster", "gbk_csv", agency="慈溪市教育局（校外培训、托育机构报送）")
    ctx.dataset(LABOUR, "staff_roster", "bom_csv", agency="慈溪市人力资源和社会保障局")
    ctx.dataset(RECORDS, "criminal_record", "gbk_csv", agency="慈溪市公安局")
    serial = iter(range(5001, 1_000_000))
    codes: dict[str, str] = {}

    def person() -> tuple[str, str]:
        born = ctx.date_between(dt.date(1965, 1, 1), dt.date(1998, 12, 31))
        return ctx.person_id(born), ctx.name()

    def employ(
        pid: str,
        name: str,
        employer: tuple[str, str],
        after: dt.date = dt.date(2005, 1, 1),
        left: dt.date | None = None,
        dataset: str | None = None,
    ) -> None:
        """A roster row; hired after ``after`` (a release) and, if ``left``, before leaving."""
        unit, kind = employer
        target = dataset or (SCHOOLS if employer in EDUCATION else OTHERS if employer in TRAINING else LABOUR)
        last = (left - dt.timedelta(days=60)) if left else dt.date(2023, 6, 30)
        row: dict[str, Any] = {
            "id_number": pid,
            "name": name,
            "employer": unit,
            "employer_uscc": codes.setdefault(unit, ctx.enterprise_code()),
            "employer_kind": kind,
            "position": "普通员工"
            if employer in COMPANIES
            else ctx.rng.choice([*POSITIONS, "保育员"] if kind in CARERS else POSITIONS),
            "hire_date": ctx.date_between(min(after, last), last),
            "leave_date": left,
            "phone": f"13{ctx.rng.randint(100000000, 999999999)}",
            "region_code": "330282",
        }
        ctx.add(target, row)

    def convict(pid: str, name: str, offence: str, by: dt.date | None = None) -> dt.date:
        """A criminal record; returns the release date (no later than ``by`` when given)."""
        first, last = IN_FORCE.get(offence, (dt.date(2003, 1, 1), dt.date(2020, 12, 31)))
        judged = ctx.date_between(first, min(last, by - dt.timedelta(days=400)) if by else last)
        months = min(ctx.rng.randint(8, 72), max(8, ((by or dt.date(2022, 12, 31)) - judged).days // 31))
        release = judged + dt.timedelta(days=30 * months)
        ctx.add(
            RECORDS,
            {
                "id_number": pid,
                "name": name,
                "case_no": f"（{judged.year}）浙0282刑初{next(serial)}号",
                "court": "慈溪市人民法院",
                "offence": offence,
                "intentional": True,
                "offence_date": judged - dt.timedelta(days=ctx.rng.randint(60, 300)),
                "judgment_date": judged,
                "sentence_type": "有期徒刑",
                "sentence_months": months,
                "release_date": release,
                "release_reason": "刑满释放",
            },
        )
        return release

    # Background: staff with no record; staff of companies; records of people on no roster.
    for _ in range(ctx.count(500)):
        pid, name = person()
        employ(pid, name, ctx.rng.choice(EDUCATION + TRAINING))
    for _ in range(ctx.count(150)):
        pid, name = person()
        employ(pid, name, ctx.rng.choice(COMPANIES))
    for _ in range(ctx.count(60)):
        pid, name = person()
        employ(
            pid, name, ctx.rng.choice(COMPANIES), after=convict(pid, name, ctx.rng.choice(HARMLESS + BARRED))
        )
    for _ in range(ctx.count(150)):
        pid, name = person()
        convict(pid, name, ctx.rng.choice(HARMLESS + BARRED))

    # Positives: every barred offence, spread over every kind of employer.
    employers = EDUCATION + TRAINING
    for n, offence in enumerate(BARRED):
        pid, name = person()
        employer = employers[(3 * n) % len(employers)]
        employ(pid, name, employer, after=convict(pid, name, offence))
        ctx.plant(MODEL, pid, "positive", f"{employer[1]}在职人员有{offence}前科")
    pid, name = person()  # on two rosters: left the school, now at a training body
    released = convict(pid, name, "猥亵儿童罪", by=dt.date(2016, 12, 31))
    employ(pid, name, EDUCATION[0], after=released, left=dt.date(2020, 7, 31))
    employ(pid, name, TRAINING[0], after=dt.date(2020, 9, 1))
    ctx.plant(MODEL, pid, "positive", "离开学校后到校外培训机构任职，有猥亵儿童罪前科")

    # Near-misses.
    for offence in ("盗窃罪", "故意伤害罪"):
        pid, name = person()
        employ(pid, name, EDUCATION[1], after=convict(pid, name, offence))
        ctx.plant(MODEL, pid, "near_miss", f"学校在职人员的前科为非禁业罪名{offence}")
    pid, name = person()
    employ(pid, name, COMPANIES[0], after=convict(pid, name, "强奸罪"))
    ctx.plant(MODEL, pid, "near_miss", "有禁业前科但在物流公司工作")
    pid, name = person()
    employ(pid, name, UNIVERSITY, after=convict(pid, name, "强制猥亵、侮辱罪"), dataset=LABOUR)
    ctx.plant(MODEL, pid, "near_miss", "有禁业前科但在高校工作（默认不查）")
    pid, name = person()
    released = convict(pid, name, "猥亵儿童罪", by=dt.date(2016, 12, 31))
    employ(pid, name, EDUCATION[4], after=released, left=dt.date(2019, 6, 30))
    ctx.plant(MODEL, pid, "near_miss", "有禁业前科但已从幼儿园离职")
    pid, name = person()
    convict(pid, name, "强奸罪")
    ctx.plant(MODEL, pid, "near_miss", "有禁业前科但不在任何名单上")
