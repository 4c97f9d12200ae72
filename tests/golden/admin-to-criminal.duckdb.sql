WITH "penalties" AS (
  SELECT
    'admin_penalty_ds' AS _dataset,
    'penalties0' AS _version,
    _row,
    "case_no",
    "agency",
    "party_id",
    "party_name",
    "violation",
    "amount_involved",
    "penalty_kind",
    "fine_amount",
    "penalty_date",
    "transferred",
    "transfer_date",
    "region_code"
  FROM "fy_src_penalties0"
), "filings" AS (
  SELECT
    'criminal_filing_ds' AS _dataset,
    'filings0' AS _version,
    _row,
    "case_no",
    "case_name",
    "offence",
    "suspect_id",
    "suspect_name",
    "agency",
    "received_date",
    "filed_date",
    "source_case_no",
    "status",
    "last_activity_date"
  FROM "fy_src_filings0"
), "not_transferred" AS (
  SELECT
    "_dataset",
    "_version",
    "_row",
    "case_no",
    "agency",
    "party_id",
    "party_name",
    "violation",
    "amount_involved",
    "penalty_kind",
    "fine_amount",
    "penalty_date",
    "transferred",
    "transfer_date",
    "region_code"
  FROM "penalties"
  WHERE
    transferred = FALSE AND penalty_date <= CAST('2022-12-31' AS DATE)
), "fishing_cases" AS (
  SELECT
    "_dataset",
    "_version",
    "_row",
    "case_no",
    "agency",
    "party_id",
    "party_name",
    "violation",
    "amount_involved",
    "penalty_kind",
    "fine_amount",
    "penalty_date",
    "transferred",
    "transfer_date",
    "region_code"
  FROM "not_transferred"
  WHERE
    (
      CONTAINS("violation", '非法捕捞')
      OR CONTAINS("violation", '禁渔区')
      OR CONTAINS("violation", '禁渔期')
      OR CONTAINS("violation", '禁用渔具')
      OR CONTAINS("violation", '禁用的工具')
      OR CONTAINS("violation", '禁用的方法')
    )
), "mining_cases" AS (
  SELECT
    "_dataset",
    "_version",
    "_row",
    "case_no",
    "agency",
    "party_id",
    "party_name",
    "violation",
    "amount_involved",
    "penalty_kind",
    "fine_amount",
    "penalty_date",
    "transferred",
    "transfer_date",
    "region_code"
  FROM "not_transferred"
  WHERE
    (
      CONTAINS("violation", '非法采矿')
      OR CONTAINS("violation", '无证采矿')
      OR CONTAINS("violation", '擅自采矿')
      OR CONTAINS("violation", '非法开采')
      OR CONTAINS("violation", '非法采砂')
      OR CONTAINS("violation", '盗采')
    )
), "smuggling_cases" AS (
  SELECT
    "_dataset",
    "_version",
    "_row",
    "case_no",
    "agency",
    "party_id",
    "party_name",
    "violation",
    "amount_involved",
    "penalty_kind",
    "fine_amount",
    "penalty_date",
    "transferred",
    "transfer_date",
    "region_code"
  FROM "not_transferred"
  WHERE
    (
      CONTAINS("violation", '走私')
    )
), "illegal_business_cases" AS (
  SELECT
    "_dataset",
    "_version",
    "_row",
    "case_no",
    "agency",
    "party_id",
    "party_name",
    "violation",
    "amount_involved",
    "penalty_kind",
    "fine_amount",
    "penalty_date",
    "transferred",
    "transfer_date",
    "region_code"
  FROM "not_transferred"
  WHERE
    (
      CONTAINS("violation", '非法经营')
    )
), "fake_goods_cases" AS (
  SELECT
    "_dataset",
    "_version",
    "_row",
    "case_no",
    "agency",
    "party_id",
    "party_name",
    "violation",
    "amount_involved",
    "penalty_kind",
    "fine_amount",
    "penalty_date",
    "transferred",
    "transfer_date",
    "region_code"
  FROM "not_transferred"
  WHERE
    (
      CONTAINS("violation", '伪劣')
      OR CONTAINS("violation", '以假充真')
      OR CONTAINS("violation", '以次充好')
      OR CONTAINS("violation", '不合格产品冒充合格产品')
      OR CONTAINS("violation", '掺杂掺假')
      OR CONTAINS("violation", '掺杂、掺假')
    )
), "toxic_food_cases" AS (
  SELECT
    "_dataset",
    "_version",
    "_row",
    "case_no",
    "agency",
    "party_id",
    "party_name",
    "violation",
    "amount_involved",
    "penalty_kind",
    "fine_amount",
    "penalty_date",
    "transferred",
    "transfer_date",
    "region_code"
  FROM "not_transferred"
  WHERE
    (
      CONTAINS("violation", '有毒有害')
      OR CONTAINS("violation", '有毒、有害')
      OR CONTAINS("violation", '非食品原料')
    )
), "over_threshold" AS (
  SELECT
    *
  FROM (
    SELECT
      *
    FROM (
      SELECT
        "fishing_cases"."_dataset" AS "_dataset",
        "fishing_cases"."_version" AS "_version",
        "fishing_cases"."_row" AS "_row",
        "fishing_cases"."case_no" AS "case_no",
        "fishing_cases"."agency" AS "agency",
        "fishing_cases"."party_id" AS "party_id",
        "fishing_cases"."party_name" AS "party_name",
        "fishing_cases"."violation" AS "violation",
        "fishing_cases"."amount_involved" AS "amount_involved",
        "fishing_cases"."penalty_kind" AS "penalty_kind",
        "fishing_cases"."fine_amount" AS "fine_amount",
        "fishing_cases"."penalty_date" AS "penalty_date",
        "fishing_cases"."transferred" AS "transferred",
        "fishing_cases"."transfer_date" AS "transfer_date",
        "fishing_cases"."region_code" AS "region_code",
        '非法捕捞水产品罪' AS "offence",
        100000.0 AS "threshold"
      FROM "fishing_cases" AS "fishing_cases"
      UNION ALL
      SELECT
        "mining_cases"."_dataset" AS "_dataset",
        "mining_cases"."_version" AS "_version",
        "mining_cases"."_row" AS "_row",
        "mining_cases"."case_no" AS "case_no",
        "mining_cases"."agency" AS "agency",
        "mining_cases"."party_id" AS "party_id",
        "mining_cases"."party_name" AS "party_name",
        "mining_cases"."violation" AS "violation",
        "mining_cases"."amount_involved" AS "amount_involved",
        "mining_cases"."penalty_kind" AS "penalty_kind",
        "mining_cases"."fine_amount" AS "fine_amount",
        "mining_cases"."penalty_date" AS "penalty_date",
        "mining_cases"."transferred" AS "transferred",
        "mining_cases"."transfer_date" AS "transfer_date",
        "mining_cases"."region_code" AS "region_code",
        '非法采矿罪' AS "非法采矿罪",
        100000.0 AS "100000.0"
      FROM "mining_cases" AS "mining_cases"
      UNION ALL
      SELECT
        "smuggling_cases"."_dataset" AS "_dataset",
        "smuggling_cases"."_version" AS "_version",
        "smuggling_cases"."_row" AS "_row",
        "smuggling_cases"."case_no" AS "case_no",
        "smuggling_cases"."agency" AS "agency",
        "smuggling_cases"."party_id" AS "party_id",
        "smuggling_cases"."party_name" AS "party_name",
        "smuggling_cases"."violation" AS "violation",
        "smuggling_cases"."amount_involved" AS "amount_involved",
        "smuggling_cases"."penalty_kind" AS "penalty_kind",
        "smuggling_cases"."fine_amount" AS "fine_amount",
        "smuggling_cases"."penalty_date" AS "penalty_date",
        "smuggling_cases"."transferred" AS "transferred",
        "smuggling_cases"."transfer_date" AS "transfer_date",
        "smuggling_cases"."region_code" AS "region_code",
        '走私普通货物、物品罪' AS "走私普通货物、物品罪",
        100000.0 AS "100000.0"
      FROM "smuggling_cases" AS "smuggling_cases"
      UNION ALL
      SELECT
        "illegal_business_cases"."_dataset" AS "_dataset",
        "illegal_business_cases"."_version" AS "_version",
        "illegal_business_cases"."_row" AS "_row",
        "illegal_business_cases"."case_no" AS "case_no",
        "illegal_business_cases"."agency" AS "agency",
        "illegal_business_cases"."party_id" AS "party_id",
        "illegal_business_cases"."party_name" AS "party_name",
        "illegal_business_cases"."violation" AS "violation",
        "illegal_business_cases"."amount_involved" AS "amount_involved",
        "illegal_business_cases"."penalty_kind" AS "penalty_kind",
        "illegal_business_cases"."fine_amount" AS "fine_amount",
        "illegal_business_cases"."penalty_date" AS "penalty_date",
        "illegal_business_cases"."transferred" AS "transferred",
        "illegal_business_cases"."transfer_date" AS "transfer_date",
        "illegal_business_cases"."region_code" AS "region_code",
        '非法经营罪' AS "非法经营罪",
        50000.0 AS "50000.0"
      FROM "illegal_business_cases" AS "illegal_business_cases"
      UNION ALL
      SELECT
        "fake_goods_cases"."_dataset" AS "_dataset",
        "fake_goods_cases"."_version" AS "_version",
        "fake_goods_cases"."_row" AS "_row",
        "fake_goods_cases"."case_no" AS "case_no",
        "fake_goods_cases"."agency" AS "agency",
        "fake_goods_cases"."party_id" AS "party_id",
        "fake_goods_cases"."party_name" AS "party_name",
        "fake_goods_cases"."violation" AS "violation",
        "fake_goods_cases"."amount_involved" AS "amount_involved",
        "fake_goods_cases"."penalty_kind" AS "penalty_kind",
        "fake_goods_cases"."fine_amount" AS "fine_amount",
        "fake_goods_cases"."penalty_date" AS "penalty_date",
        "fake_goods_cases"."transferred" AS "transferred",
        "fake_goods_cases"."transfer_date" AS "transfer_date",
        "fake_goods_cases"."region_code" AS "region_code",
        '生产、销售伪劣产品罪' AS "生产、销售伪劣产品罪",
        50000.0 AS "50000.0"
      FROM "fake_goods_cases" AS "fake_goods_cases"
      UNION ALL
      SELECT
        "toxic_food_cases"."_dataset" AS "_dataset",
        "toxic_food_cases"."_version" AS "_version",
        "toxic_food_cases"."_row" AS "_row",
        "toxic_food_cases"."case_no" AS "case_no",
        "toxic_food_cases"."agency" AS "agency",
        "toxic_food_cases"."party_id" AS "party_id",
        "toxic_food_cases"."party_name" AS "party_name",
        "toxic_food_cases"."violation" AS "violation",
        "toxic_food_cases"."amount_involved" AS "amount_involved",
        "toxic_food_cases"."penalty_kind" AS "penalty_kind",
        "toxic_food_cases"."fine_amount" AS "fine_amount",
        "toxic_food_cases"."penalty_date" AS "penalty_date",
        "toxic_food_cases"."transferred" AS "transferred",
        "toxic_food_cases"."transfer_date" AS "transfer_date",
        "toxic_food_cases"."region_code" AS "region_code",
        '生产、销售有毒、有害食品罪' AS "生产、销售有毒、有害食品罪",
        0.0 AS "0.0"
      FROM "toxic_food_cases" AS "toxic_food_cases"
    ) AS q
  ) AS t
  WHERE
    COALESCE(amount_involved, 0) >= threshold
), "reason_untransferred" AS (
  SELECT
    "case_no",
    '应移送未移送' AS "reason",
    CONCAT(
      '涉案金额 ',
      COALESCE(amount_involved, 0),
      ' 元，',
      CASE
        WHEN threshold > 0
        THEN '达到' || offence || '立案追诉标准 ' || CAST(CAST(threshold AS DECIMAL(18, 2)) AS TEXT) || ' 元'
        ELSE offence || '不以数额为立案追诉条件'
      END,
      '，未移送公安机关'
    ) AS "detail",
    "party_id",
    "party_name",
    "agency",
    "violation",
    "amount_involved",
    "region_code",
    NULL AS "filing_case_no",
    NULL AS "filing_agency"
  FROM (
    SELECT
      "_dataset",
      "_version",
      "_row",
      "case_no",
      "agency",
      "party_id",
      "party_name",
      "violation",
      "amount_involved",
      "penalty_kind",
      "fine_amount",
      "penalty_date",
      "transferred",
      "transfer_date",
      "region_code",
      "offence",
      "threshold"
    FROM "over_threshold"
  ) AS p
), "transfer_due" AS (
  SELECT
    "_dataset",
    "_version",
    "_row",
    "case_no",
    "agency",
    "party_id",
    "party_name",
    "violation",
    "amount_involved",
    "penalty_kind",
    "fine_amount",
    "penalty_date",
    "transferred",
    "transfer_date",
    "region_code"
  FROM "penalties"
  WHERE
    transferred = TRUE
    AND DATE_DIFF('DAY', COALESCE(transfer_date, penalty_date), CAST('2022-12-31' AS DATE)) > 30
), "not_filed_in_time" AS (
  SELECT
    "transfer_due"."_dataset" AS "_dataset",
    "transfer_due"."_version" AS "_version",
    "transfer_due"."_row" AS "_row",
    "transfer_due"."case_no" AS "case_no",
    "transfer_due"."agency" AS "agency",
    "transfer_due"."party_id" AS "party_id",
    "transfer_due"."party_name" AS "party_name",
    "transfer_due"."violation" AS "violation",
    "transfer_due"."amount_involved" AS "amount_involved",
    "transfer_due"."penalty_kind" AS "penalty_kind",
    "transfer_due"."fine_amount" AS "fine_amount",
    "transfer_due"."penalty_date" AS "penalty_date",
    "transfer_due"."transferred" AS "transferred",
    "transfer_due"."transfer_date" AS "transfer_date",
    "transfer_due"."region_code" AS "region_code"
  FROM "transfer_due"
  WHERE
    NOT EXISTS(
      SELECT
        1
      FROM "filings"
      WHERE
        filings.source_case_no = transfer_due.case_no
        AND DATE_DIFF(
          'DAY',
          COALESCE(transfer_due.transfer_date, transfer_due.penalty_date),
          filings.filed_date
        ) <= 30
    )
), "first_filing" AS (
  SELECT
    "source_case_no",
    MIN(filed_date) AS "first_filed_date"
  FROM "filings"
  GROUP BY
    "source_case_no"
), "not_filed_with_late" AS (
  SELECT
    "not_filed_in_time"."_dataset" AS "_dataset",
    "not_filed_in_time"."_version" AS "_version",
    "not_filed_in_time"."_row" AS "_row",
    "not_filed_in_time"."case_no" AS "case_no",
    "not_filed_in_time"."agency" AS "agency",
    "not_filed_in_time"."party_id" AS "party_id",
    "not_filed_in_time"."party_name" AS "party_name",
    "not_filed_in_time"."violation" AS "violation",
    "not_filed_in_time"."amount_involved" AS "amount_involved",
    "not_filed_in_time"."penalty_kind" AS "penalty_kind",
    "not_filed_in_time"."fine_amount" AS "fine_amount",
    "not_filed_in_time"."penalty_date" AS "penalty_date",
    "not_filed_in_time"."transferred" AS "transferred",
    "not_filed_in_time"."transfer_date" AS "transfer_date",
    "not_filed_in_time"."region_code" AS "region_code",
    "first_filing"."source_case_no" AS "source_case_no",
    "first_filing"."first_filed_date" AS "first_filed_date"
  FROM "not_filed_in_time"
  LEFT JOIN "first_filing"
    ON "not_filed_in_time"."case_no" = "first_filing"."source_case_no"
), "reason_not_filed" AS (
  SELECT
    "case_no",
    '移送未立案' AS "reason",
    CONCAT(
      CASE
        WHEN transfer_date IS NULL
        THEN '无移送日期，按处罚决定日期 ' || CAST(penalty_date AS TEXT)
        ELSE '移送日期 ' || CAST(transfer_date AS TEXT)
      END,
      '，移送后 ',
      30,
      ' 日内未立案',
      CASE
        WHEN first_filed_date IS NULL OR first_filed_date > CAST('2022-12-31' AS DATE)
        THEN '，至 ' || CAST(CAST('2022-12-31' AS DATE) AS TEXT) || ' 仍无立案记录'
        ELSE '，迟至 ' || CAST(first_filed_date AS TEXT) || ' 才立案'
      END
    ) AS "detail",
    "party_id",
    "party_name",
    "agency",
    "violation",
    "amount_involved",
    "region_code",
    NULL AS "filing_case_no",
    NULL AS "filing_agency"
  FROM (
    SELECT
      "_dataset",
      "_version",
      "_row",
      "case_no",
      "agency",
      "party_id",
      "party_name",
      "violation",
      "amount_involved",
      "penalty_kind",
      "fine_amount",
      "penalty_date",
      "transferred",
      "transfer_date",
      "region_code",
      "source_case_no",
      "first_filed_date"
    FROM "not_filed_with_late"
  ) AS p
), "idle_filings" AS (
  SELECT
    "_dataset",
    "_version",
    "_row",
    "case_no",
    "case_name",
    "offence",
    "suspect_id",
    "suspect_name",
    "agency",
    "received_date",
    "filed_date",
    "source_case_no",
    "status",
    "last_activity_date"
  FROM "filings"
  WHERE
    status IN ('已立案', '侦查中', '立案侦查', '补充侦查中')
    AND filed_date <= CAST('2022-12-31' AS DATE)
    AND DATE_DIFF('DAY', COALESCE(last_activity_date, filed_date), CAST('2022-12-31' AS DATE)) > 180
), "idle_with_penalty" AS (
  SELECT
    "idle_filings"."_dataset" AS "_dataset",
    "idle_filings"."_version" AS "_version",
    "idle_filings"."_row" AS "_row",
    "idle_filings"."case_no" AS "case_no",
    "idle_filings"."case_name" AS "case_name",
    "idle_filings"."offence" AS "offence",
    "idle_filings"."suspect_id" AS "suspect_id",
    "idle_filings"."suspect_name" AS "suspect_name",
    "idle_filings"."agency" AS "agency",
    "idle_filings"."received_date" AS "received_date",
    "idle_filings"."filed_date" AS "filed_date",
    "idle_filings"."source_case_no" AS "source_case_no",
    "idle_filings"."status" AS "status",
    "idle_filings"."last_activity_date" AS "last_activity_date",
    "penalties"."_dataset" AS "penalties__dataset",
    "penalties"."_version" AS "penalties__version",
    "penalties"."_row" AS "penalties__row",
    "penalties"."case_no" AS "penalties_case_no",
    "penalties"."agency" AS "penalties_agency",
    "penalties"."party_id" AS "party_id",
    "penalties"."party_name" AS "party_name",
    "penalties"."violation" AS "violation",
    "penalties"."amount_involved" AS "amount_involved",
    "penalties"."penalty_kind" AS "penalty_kind",
    "penalties"."fine_amount" AS "fine_amount",
    "penalties"."penalty_date" AS "penalty_date",
    "penalties"."transferred" AS "transferred",
    "penalties"."transfer_date" AS "transfer_date",
    "penalties"."region_code" AS "region_code"
  FROM "idle_filings"
  LEFT JOIN "penalties"
    ON "idle_filings"."source_case_no" = "penalties"."case_no"
), "reason_idle" AS (
  SELECT
    '立案后滞留' AS "reason",
    CONCAT(
      '刑事案件 ',
      case_no,
      ' 于 ',
      filed_date,
      ' 立案，状态“',
      status,
      '”，',
      CASE
        WHEN last_activity_date IS NULL
        THEN '无最后办理日期（按立案日期计）'
        ELSE '最后办理日期 ' || CAST(last_activity_date AS TEXT)
      END,
      '，已 ',
      DATE_DIFF('DAY', COALESCE(last_activity_date, filed_date), CAST('2022-12-31' AS DATE)),
      ' 日无办理记录'
    ) AS "detail",
    COALESCE(party_id, suspect_id) AS "party_id",
    COALESCE(party_name, suspect_name) AS "party_name",
    penalties_agency AS "agency",
    COALESCE(violation, offence) AS "violation",
    "amount_involved",
    "region_code",
    case_no AS "filing_case_no",
    agency AS "filing_agency",
    COALESCE(source_case_no, case_no) AS "case_no"
  FROM (
    SELECT
      "_dataset",
      "_version",
      "_row",
      "case_no",
      "case_name",
      "offence",
      "suspect_id",
      "suspect_name",
      "agency",
      "received_date",
      "filed_date",
      "source_case_no",
      "status",
      "last_activity_date",
      "penalties__dataset",
      "penalties__version",
      "penalties__row",
      "penalties_case_no",
      "penalties_agency",
      "party_id",
      "party_name",
      "violation",
      "amount_involved",
      "penalty_kind",
      "fine_amount",
      "penalty_date",
      "transferred",
      "transfer_date",
      "region_code"
    FROM "idle_with_penalty"
  ) AS p
), "hits" AS (
  SELECT
    *
  FROM (
    SELECT
      'reason_untransferred' AS _layer,
      "case_no",
      "reason",
      "detail",
      "party_id",
      "party_name",
      "agency",
      "violation",
      "amount_involved",
      "region_code",
      "filing_case_no",
      "filing_agency"
    FROM "reason_untransferred"
    UNION ALL
    SELECT
      'reason_not_filed' AS _layer,
      "case_no",
      "reason",
      "detail",
      "party_id",
      "party_name",
      "agency",
      "violation",
      "amount_involved",
      "region_code",
      "filing_case_no",
      "filing_agency"
    FROM "reason_not_filed"
    UNION ALL
    SELECT
      'reason_idle' AS _layer,
      "case_no",
      "reason",
      "detail",
      "party_id",
      "party_name",
      "agency",
      "violation",
      "amount_involved",
      "region_code",
      "filing_case_no",
      "filing_agency"
    FROM "reason_idle"
  ) AS u
), "filing_evidence" AS (
  SELECT
    COALESCE(source_case_no, case_no) AS "case_no",
    case_no AS "filing_case_no",
    "suspect_id",
    "suspect_name",
    "offence",
    "agency",
    "filed_date",
    "status",
    "last_activity_date",
    "_dataset",
    "_version",
    "_row"
  FROM (
    SELECT
      "_dataset",
      "_version",
      "_row",
      "case_no",
      "case_name",
      "offence",
      "suspect_id",
      "suspect_name",
      "agency",
      "received_date",
      "filed_date",
      "source_case_no",
      "status",
      "last_activity_date"
    FROM "filings"
  ) AS p
)
SELECT
  *,
  CAST("case_no" AS TEXT) AS __subject_key,
  "party_name" AS __subject_name,
  CAST(COALESCE(amount_involved, 0) AS DOUBLE) AS __score
FROM "hits"
WHERE
  NOT "case_no" IS NULL
