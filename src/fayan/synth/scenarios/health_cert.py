"""S2 health-certificate: food-worker rosters × certificates × authorised institutions (黄岩).

Positives, each reason several times: a certificate number never issued, one issued to
somebody else, one expired before the roster date, one issued by an institution outside
its authorisation (unknown, before its first day, after its last, between two periods).
Near-misses sit on the other side of every boundary: expiring on the roster date itself,
issued on an institution's first or last authorised day or in its second period, the real
holder of a borrowed certificate, a worker whose older certificate has lapsed but whose
roster entry names the current one.
"""

from __future__ import annotations

import datetime as dt
from itertools import count

from fayan.synth.county import SynthContext, scenario

MODEL = "health-certificate"
REGION = "331003"  # 台州市黄岩区
AS_OF = dt.date(2022, 12, 31)  # the model's default roster date
WORKERS = ("food_worker__美团", "food_worker__饿了么")
CERTS, INSTITUTIONS = "health_certificate", "exam_institution"
# code, name, [(authorised from, to)]
INSTITUTION_LIST: list[tuple[str, str, list[tuple[dt.date, dt.date | None]]]] = [
    ("HY001", "台州市黄岩区疾病预防控制中心", [(dt.date(2015, 1, 1), None)]),
    ("HY005", "台州市黄岩区第一人民医院", [(dt.date(2016, 6, 1), None)]),
    ("HY006", "黄岩区东城街道社区卫生服务中心", [(dt.date(2019, 1, 1), None)]),
    ("HY002", "黄岩某医院健康体检中心", [(dt.date(2021, 3, 1), dt.date(2022, 6, 30))]),
    ("HY003", "黄岩某门诊部", [(dt.date(2018, 1, 1), dt.date(2019, 12, 31)), (dt.date(2021, 1, 1), None)]),
    ("HY004", "黄岩区新前街道社区卫生服务中心", [(dt.date(2022, 3, 1), None)]),
]
ALWAYS = ("HY001", "HY005", "HY006")  # authorised over the whole synthetic period
STATIONS = ["城东站", "西城站", "东城站", "南城站", "北城站", "新前站", "澄江站", "院桥站"]


def _year_later(issued: dt.date) -> dt.date:
    """A certificate is valid for one year: through the day before the anniversary."""
    try:
        return issued.replace(year=issued.year + 1) - dt.timedelta(days=1)
    except ValueError:  # 29 February
        return dt.date(issued.year + 1, 2, 28)


@scenario("health_cert")
def generate(ctx: SynthContext) -> None:
    ctx.dataset(WORKERS[0], "food_worker", "bom_csv", agency="美团外卖黄岩配送站")
    ctx.dataset(
        WORKERS[1], "food_worker", "xlsx_title", title="饿了么黄岩区骑手花名册", agency="饿了么黄岩配送站"
    )
    ctx.dataset(CERTS, "health_certificate", "gbk_csv", agency="台州市黄岩区卫生健康局")
    ctx.dataset(INSTITUTIONS, "exam_institution", "bom_csv", agency="台州市黄岩区卫生健康局")
    names = {code: name for code, name, _ in INSTITUTION_LIST}
    serial = count(1)

    for code, name, periods in INSTITUTION_LIST:
        for start, end in periods:
            ctx.add(
                INSTITUTIONS,
                {
                    "institution_code": code,
                    "name": name,
                    "authorized_from": start,
                    "authorized_to": end,
                    "status": "有效" if end is None else "已到期",
                    "region_code": REGION,
                },
            )

    def person() -> tuple[str, str]:
        return ctx.person_id(ctx.date_between(dt.date(1965, 1, 1), dt.date(2003, 12, 31)), REGION), ctx.name()

    def cert_no(year: int) -> str:
        return f"JK{REGION}{year}{next(serial):06d}"

    def certify(
        pid: str, name: str, issued: dt.date, institution: str, expires: dt.date | None = None
    ) -> str:
        number = cert_no(issued.year)
        ctx.add(
            CERTS,
            {
                "cert_no": number,
                "id_number": pid,
                "name": name,
                "category": "食品从业人员",
                "exam_date": issued - dt.timedelta(days=ctx.rng.randint(0, 3)),
                "result": "合格",
                "issue_date": issued,
                "expiry_date": expires or _year_later(issued),
                "institution_code": institution,
                "institution_name": names.get(institution, "黄岩某健康咨询服务部"),
            },
        )
        return number

    def roster(pid: str, name: str, number: str) -> None:
        dataset = ctx.rng.choice(WORKERS)
        ctx.add(
            dataset,
            {
                "id_number": pid,
                "name": name,
                "employer": f"黄岩{ctx.rng.choice(STATIONS)}",
                "platform": "美团" if dataset == WORKERS[0] else "饿了么",
                "position": "外卖骑手",
                "health_cert_no": number,
                "phone": f"1{ctx.rng.randint(3000000000, 9999999999)}",
                "hire_date": ctx.date_between(dt.date(2019, 1, 1), dt.date(2022, 12, 1)),
                "region_code": REGION,
            },
        )

    def valid_now() -> tuple[dt.date, str]:
        return ctx.date_between(dt.date(2022, 1, 1), AS_OF), ctx.rng.choice(ALWAYS)

    # Background: riders with valid certificates (some with an older lapsed one too), and
    # certificates of people on no roster.
    for _ in range(ctx.count(300)):
        pid, name = person()
        if ctx.rng.random() < 0.3:
            certify(
                pid,
                name,
                ctx.date_between(dt.date(2020, 1, 1), dt.date(2020, 12, 31)),
                ctx.rng.choice(ALWAYS),
            )
        roster(pid, name, certify(pid, name, *valid_now()))
    for _ in range(ctx.count(200)):
        pid, name = person()
        certify(pid, name, ctx.date_between(dt.date(2020, 1, 1), AS_OF), ctx.rng.choice(ALWAYS))

    # Positives.
    for n in range(3):
        pid, name = person()
        roster(pid, name, cert_no(2022 - n))
        ctx.plant(MODEL, pid, "positive", "健康证未签发：编号查无签发记录")
    for n in range(3):
        pid, name = person()
        holder, holder_name = person()
        number = certify(holder, holder_name, *valid_now())
        roster(pid, name, number)
        ctx.plant(MODEL, pid, "positive", "健康证登记在他人名下")
        if n < 2:  # the real holder works too, with the same, genuine certificate
            roster(holder, holder_name, number)
            ctx.plant(MODEL, holder, "near_miss", "被冒用健康证的真实持证人，证件有效")
    for expires in (AS_OF - dt.timedelta(days=1), dt.date(2022, 6, 30), dt.date(2021, 11, 11)):
        pid, name = person()
        issued = expires.replace(year=expires.year - 1) + dt.timedelta(days=1)
        roster(pid, name, certify(pid, name, issued, ctx.rng.choice(ALWAYS), expires))
        ctx.plant(MODEL, pid, "positive", f"健康证已过期（有效期至 {expires}）")
    for issued, institution, note in (
        (dt.date(2022, 7, 1), "HY002", "授权截止次日签发"),
        (dt.date(2022, 2, 28), "HY004", "授权开始前一日签发"),
        (dt.date(2022, 5, 20), "HY901", "机构不在授权名录"),
        (dt.date(2022, 9, 9), "HY902", "机构不在授权名录"),
    ):
        pid, name = person()
        roster(pid, name, certify(pid, name, issued, institution))
        ctx.plant(MODEL, pid, "positive", f"发证机构签发时未获授权：{note}")
    for issued in (dt.date(2020, 6, 1), dt.date(2020, 12, 31)):
        pid, name = person()
        roster(pid, name, certify(pid, name, issued, "HY003"))
        ctx.plant(MODEL, pid, "positive", "两段授权期之间签发，且已过期（两个原因）")

    # Near-misses.
    for issued, institution, note in (
        (dt.date(2022, 1, 1), ctx.rng.choice(ALWAYS), "有效期至恰为名单日期（当天仍有效）"),
        (dt.date(2022, 3, 1), "HY004", "在机构授权首日签发"),
        (dt.date(2022, 6, 30), "HY002", "在机构授权末日签发"),
        (dt.date(2022, 4, 15), "HY003", "在机构第二段授权期内签发"),
    ):
        pid, name = person()
        roster(pid, name, certify(pid, name, issued, institution))
        ctx.plant(MODEL, pid, "near_miss", note)
    pid, name = person()
    certify(pid, name, dt.date(2021, 3, 3), "HY001")
    roster(pid, name, certify(pid, name, dt.date(2022, 3, 3), "HY005"))
    ctx.plant(MODEL, pid, "near_miss", "旧健康证已过期，名单所填为有效的新证")
