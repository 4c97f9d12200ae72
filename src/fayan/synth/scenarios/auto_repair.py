"""S1 auto-repair-hazardous-waste: business register × hazardous-waste manifests (慈溪).

Positives: repair shops in operation with no manifest at all, or whose only manifests were
voided. Near-misses: a repair shop with a single manifest long ago (flagged only when a
period is given, and the default run gives none), a manifest filed under an old name (the
key is the USCC), parts-sales / car-wash businesses with no manifest, deregistered and
revoked repair shops with no manifest.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from fayan.synth.county import REGION, SynthContext, scenario

MODEL = "auto-repair-hazardous-waste"
REGISTRY, MANIFESTS = "business_registry", "hw_manifest"
FIRST, LAST = dt.date(2020, 1, 1), dt.date(2022, 12, 31)
TOWNS = [
    "浒山街道",
    "坎墩街道",
    "宗汉街道",
    "古塘街道",
    "白沙路街道",
    "周巷镇",
    "观海卫镇",
    "逍林镇",
    "长河镇",
    "龙山镇",
]
REPAIR_SCOPES = [
    "机动车维修：二类机动车维修（小型车辆维修）",
    "汽车维修；汽车配件销售",
    "汽车修理与维护；汽车零配件零售",
    "机动车修理和维护；洗车服务",
    "汽车钣金喷漆；汽车装饰用品销售",
    "汽车快修；轮胎修补；汽车美容",
    "三类机动车维修（汽车快修、车身清洁维护）",
    "摩托车维修；摩托车及零配件零售",
    "汽车保养；洗车服务",
]
OTHER_SCOPES = [
    "餐饮服务",
    "日用百货销售；五金产品零售",
    "塑料制品制造；模具制造",
    "家用电器制造；家用电器销售",
    "服装制造；服装服饰批发",
    "汽车零部件及配件制造",
    "汽车租赁；二手车经纪",
    "汽车配件销售；汽车用品销售",
    "洗车服务；汽车美容",
    "机动车驾驶员培训",
]
ACTIVE = ["存续", "在业", "开业", "存续（在营、开业、在册）", "在营（开业）企业"]
WASTES = [
    ("900-214-08", "废矿物油（废机油）", "HW08"),
    ("900-249-08", "废油桶及含油废物", "HW08"),
    ("900-041-49", "废含油抹布、废机油滤芯", "HW49"),
    ("900-252-12", "废油漆桶及漆渣", "HW12"),
]
RECEIVERS = ["慈溪市某环保科技有限公司", "宁波某固废处置有限公司"]


@scenario("auto_repair")
def generate(ctx: SynthContext) -> None:
    ctx.dataset(
        REGISTRY,
        "business_registry",
        "xlsx_title",
        title="慈溪市市场主体登记信息（截至2022年12月31日）",
        agency="慈溪市市场监督管理局",
    )
    ctx.dataset(MANIFESTS, "hw_manifest", "gbk_csv", agency="宁波市生态环境局慈溪分局")
    serial = iter(range(1, 10**6))
    receivers = [(name, ctx.enterprise_code()) for name in RECEIVERS]

    def shop_name(kind: str) -> str:
        return f"慈溪市{ctx.faker.last_name()}{ctx.rng.choice(['记', '氏', '兴', '达', '顺'])}{kind}"

    def register(
        scope: str,
        kind: str,
        status: str | None,
        cancel: dt.date | None = None,
        founded: dt.date | None = None,
    ) -> tuple[str, str]:
        code, name = ctx.enterprise_code(), shop_name(kind)
        ctx.add(
            REGISTRY,
            {
                "uscc": code,
                "name": name,
                "business_scope": scope,
                "status": status,
                "entity_type": ctx.rng.choice(["有限责任公司(自然人独资)", "个体工商户", "个人独资企业"]),
                "legal_rep": ctx.name(),
                "legal_rep_id": ctx.person_id(),
                "address": f"浙江省慈溪市{ctx.rng.choice(TOWNS)}{ctx.rng.randint(1, 999)}号",
                "reg_authority": "慈溪市市场监督管理局",
                "established_date": founded or ctx.date_between(dt.date(2005, 1, 1), dt.date(2019, 12, 31)),
                "cancel_date": cancel,
                "region_code": REGION,
            },
        )
        return code, name

    def manifest(code: str, name: str, when: dt.date, status: str | None = "已接收") -> None:
        waste_code, waste_name, category = ctx.rng.choice(WASTES)
        receiver, receiver_code = ctx.rng.choice(receivers)
        ctx.add(
            MANIFESTS,
            {
                "manifest_no": f"{REGION}{when.year}{next(serial):06d}",
                "producer_uscc": code,
                "producer_name": name,
                "waste_code": waste_code,
                "waste_name": waste_name,
                "waste_category": category,
                "quantity_t": Decimal(ctx.rng.randint(5, 150)) / 100,
                "transfer_date": when,
                "receiver_uscc": receiver_code,
                "receiver_name": receiver,
                "receive_date": when + dt.timedelta(days=ctx.rng.randint(0, 3)),
                "transporter_name": "宁波某危险货物运输有限公司",
                "status": status,
                "region_code": REGION,
            },
        )

    # Background: repair shops that file manifests; other businesses, some producing waste.
    for _ in range(ctx.count(60)):
        code, name = register(ctx.rng.choice(REPAIR_SCOPES), "汽车维修服务部", ctx.rng.choice(ACTIVE))
        for _ in range(ctx.rng.randint(1, 6)):
            manifest(code, name, ctx.date_between(FIRST, LAST))
    for _ in range(ctx.count(300)):
        status = ctx.rng.choice([*ACTIVE, "注销", "吊销，未注销"])
        closed = status in ("注销", "吊销，未注销")
        code, name = register(
            ctx.rng.choice(OTHER_SCOPES),
            ctx.rng.choice(["有限公司", "商行", "经营部"]),
            status,
            cancel=ctx.date_between(FIRST, LAST) if closed else None,
        )
        if ctx.rng.random() < 0.15:
            manifest(code, name, ctx.date_between(FIRST, LAST))
    for _ in range(ctx.count(40)):  # producers registered elsewhere
        manifest(
            ctx.enterprise_code("330281"),
            f"余姚市{ctx.faker.last_name()}氏机械有限公司",
            ctx.date_between(FIRST, LAST),
        )

    # Positives: repair shops in operation without any (valid) manifest.
    statuses: list[str | None] = [*ACTIVE, None]
    for n, state in enumerate(statuses):
        code, _ = register(REPAIR_SCOPES[n], "汽车修理厂", state)
        ctx.plant(MODEL, code, "positive", f"从无危废转移联单（登记状态 {state or '空'}）")
    for n in range(2):
        code, name = register(REPAIR_SCOPES[6 + n], "汽车快修店", "存续")
        manifest(code, name, ctx.date_between(FIRST, LAST), status="已作废")
        ctx.plant(MODEL, code, "positive", "唯一的联单已作废")

    # Near-misses.
    for n in range(3):
        code, name = register(REPAIR_SCOPES[n], "汽车修理部", "存续")
        manifest(code, name, dt.date(2020, 3, 1) + dt.timedelta(days=n), status=None if n == 2 else "已办结")
        ctx.plant(MODEL, code, "near_miss", "仅在2020年有一份联单（默认不限期间，不是线索）")
    code, name = register(REPAIR_SCOPES[1], "汽车服务有限公司", "在业")
    manifest(code, name.replace("汽车服务有限公司", "汽车修理厂"), dt.date(2022, 8, 8))
    ctx.plant(MODEL, code, "near_miss", "联单上是旧名称，但统一社会信用代码一致")
    for scope in (
        "汽车配件销售；洗车服务",
        "汽车配件销售（不含机动车维修）；汽车美容",
        "洗车服务；汽车用品销售",
    ):
        code, _ = register(scope, "汽车用品商行", "存续")
        ctx.plant(MODEL, code, "near_miss", f"经营范围“{scope}”不含维修")
    for status in ("注销", "吊销，未注销"):
        code, _ = register(REPAIR_SCOPES[0], "汽车修理厂", status, cancel=dt.date(2021, 6, 30))
        ctx.plant(MODEL, code, "near_miss", f"已{status[:2]}的汽修企业，无联单")
