WITH "deaths" AS (
  SELECT
    'death_record_ds' AS _dataset,
    'deaths0' AS _version,
    _row,
    "id_number",
    "name",
    "death_date",
    "source",
    "region_code"
  FROM "fy_src_deaths0"
), "payments" AS (
  SELECT
    *
  FROM (
    SELECT
      'welfare_payment_ds' AS _dataset,
      'payments0' AS _version,
      _row,
      "id_number",
      "name",
      "pay_month",
      "amount",
      "benefit_type",
      "household_no",
      "head_name",
      "address",
      "agency",
      "region_code",
      NULL AS "scheme",
      NULL AS "retire_date",
      NULL AS "status"
    FROM "fy_src_payments0"
    UNION ALL
    SELECT
      'pension_payment_ds' AS _dataset,
      'payments1' AS _version,
      _row,
      "id_number",
      "name",
      "pay_month",
      "amount",
      NULL AS "benefit_type",
      NULL AS "household_no",
      NULL AS "head_name",
      NULL AS "address",
      "agency",
      "region_code",
      "scheme",
      "retire_date",
      "status"
    FROM "fy_src_payments1"
  ) AS u
), "first_death" AS (
  SELECT
    "id_number",
    MIN(death_date) AS "death_date",
    MIN(name) AS "deceased_name"
  FROM "deaths"
  GROUP BY
    "id_number"
), "paid_after_death" AS (
  SELECT
    *
  FROM (
    SELECT
      "payments"."_dataset" AS "_dataset",
      "payments"."_version" AS "_version",
      "payments"."_row" AS "_row",
      "payments"."id_number" AS "id_number",
      "payments"."name" AS "name",
      "payments"."pay_month" AS "pay_month",
      "payments"."amount" AS "amount",
      "payments"."benefit_type" AS "benefit_type",
      "payments"."household_no" AS "household_no",
      "payments"."head_name" AS "head_name",
      "payments"."address" AS "address",
      "payments"."agency" AS "agency",
      "payments"."region_code" AS "region_code",
      "payments"."scheme" AS "scheme",
      "payments"."retire_date" AS "retire_date",
      "payments"."status" AS "status",
      "first_death"."death_date" AS "death_date",
      "first_death"."deceased_name" AS "deceased_name"
    FROM "payments"
    JOIN "first_death"
      ON "payments"."id_number" = "first_death"."id_number"
  ) AS t
  WHERE
    pay_month > CAST(CAST(DATE_TRUNC('MONTH', death_date) AS DATE) + INTERVAL 0 MONTH AS DATE)
), "per_person" AS (
  SELECT
    "id_number",
    COALESCE(MIN(name), MIN(deceased_name)) AS "name",
    MIN(death_date) AS "death_date",
    COUNT(DISTINCT pay_month) AS "months",
    COUNT(*) AS "payments",
    MIN(pay_month) AS "first_month",
    MAX(pay_month) AS "last_month",
    SUM(amount) AS "total"
  FROM "paid_after_death"
  GROUP BY
    "id_number"
)
SELECT
  *,
  CAST("id_number" AS TEXT) AS __subject_key,
  "name" AS __subject_name,
  CAST(total AS DOUBLE) AS __score
FROM "per_person"
WHERE
  NOT "id_number" IS NULL
