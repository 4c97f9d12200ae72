"""S5 deceased-benefits: deaths × welfare and pension payments (苍南).

Positives: payments for months after the month of death. Near-misses: died in the last paid
month; died after payments had stopped; a payment for the month of death only.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from fayan.synth.county import SynthContext, scenario

MODEL = "deceased-benefits"
FIRST_MONTH = dt.date(2022, 1, 1)
MONTHS = 12


def _month(i: int) -> dt.date:
    return dt.date(
        FIRST_MONTH.year + (FIRST_MONTH.month - 1 + i) // 12, (FIRST_MONTH.month - 1 + i) % 12 + 1, 1
    )


@scenario("deceased")
def generate(ctx: SynthContext) -> None:
    ctx.dataset("death_record", "death_record", "gbk_csv", agency="县民政局")
    ctx.dataset(
        "welfare_payment",
        "welfare_payment",
        "xlsx_title",
        title="2022年度城乡低保及特困人员救助金发放明细表",
        agency="县民政局",
    )
    ctx.dataset("pension_payment__社保", "pension_payment", "bom_csv", agency="县人力社保局")
    ctx.dataset("pension_payment__机关", "pension_payment", "gbk_csv", agency="县机关事业单位养老保险中心")

    def pay(dataset: str, pid: str, name: str, months: range, amount: Decimal) -> None:
        for i in months:
            row = {"id_number": pid, "name": name, "pay_month": _month(i), "amount": amount}
            if dataset == "welfare_payment":
                row["benefit_type"] = ctx.rng.choice(["低保", "特困供养"])
            ctx.add(dataset, row)

    def dead(pid: str, name: str, when: dt.date) -> None:
        ctx.add("death_record", {"id_number": pid, "name": name, "death_date": when, "source": "殡葬管理所"})

    payers = ("welfare_payment", "pension_payment__社保", "pension_payment__机关")
    for _ in range(ctx.count(300)):  # living recipients, paid all year
        pid, name = ctx.person_id(), ctx.name()
        pay(ctx.rng.choice(payers), pid, name, range(MONTHS), Decimal(ctx.rng.randrange(500, 4000)))
    for _ in range(ctx.count(60)):  # deaths of people on no payroll
        dead(ctx.person_id(), ctx.name(), ctx.date_between(dt.date(2019, 1, 1), dt.date(2022, 12, 31)))
    for n in range(6):  # positives: paid 1–3 months after the month of death
        pid, name = ctx.person_id(), ctx.name()
        death_month = 2 + n
        dead(pid, name, _month(death_month) + dt.timedelta(days=ctx.rng.randint(0, 27)))
        extra = 1 + n % 3
        pay(payers[n % 3], pid, name, range(death_month + 1 + extra), Decimal(1200 + 100 * n))
        ctx.plant(MODEL, pid, "positive", f"死亡后仍领取 {extra} 个月")
    for n in range(3):  # near-miss: died in the last paid month
        pid, name = ctx.person_id(), ctx.name()
        last = 4 + n
        dead(pid, name, _month(last) + dt.timedelta(days=20))
        pay(payers[n % 3], pid, name, range(last + 1), Decimal(900))
        ctx.plant(MODEL, pid, "near_miss", "死亡当月为最后发放月")
    for n in range(3):  # near-miss: died after payments stopped
        pid, name = ctx.person_id(), ctx.name()
        pay(payers[n % 3], pid, name, range(3), Decimal(900))
        dead(pid, name, _month(6 + n) + dt.timedelta(days=3))
        ctx.plant(MODEL, pid, "near_miss", "停发之后才死亡")
