WITH "staff" AS (
  SELECT
    'staff_roster_ds' AS _dataset,
    'staff0' AS _version,
    _row,
    "id_number",
    "name",
    "employer",
    "employer_uscc",
    "employer_kind",
    "position",
    "hire_date",
    "leave_date",
    "phone",
    "region_code"
  FROM "fy_src_staff0"
), "records" AS (
  SELECT
    'criminal_record_ds' AS _dataset,
    'records0' AS _version,
    _row,
    "id_number",
    "name",
    "case_no",
    "court",
    "offence",
    "intentional",
    "offence_date",
    "judgment_date",
    "sentence_type",
    "sentence_months",
    "release_date",
    "release_reason",
    "parole_end_date"
  FROM "fy_src_records0"
), "minor_staff" AS (
  SELECT
    "_dataset",
    "_version",
    "_row",
    "id_number",
    "name",
    "employer",
    "employer_uscc",
    "employer_kind",
    "position",
    "hire_date",
    "leave_date",
    "phone",
    "region_code"
  FROM "staff"
  WHERE
    (
      leave_date IS NULL OR FALSE
    )
    AND (
      CONTAINS("employer_kind", '幼儿园')
      OR CONTAINS("employer_kind", '小学')
      OR CONTAINS("employer_kind", '中学')
      OR CONTAINS("employer_kind", '九年一贯制')
      OR CONTAINS("employer_kind", '十二年一贯制')
      OR CONTAINS("employer_kind", '中等职业学校')
      OR CONTAINS("employer_kind", '职业高中')
      OR CONTAINS("employer_kind", '特殊教育')
      OR CONTAINS("employer_kind", '校外培训')
      OR CONTAINS("employer_kind", '托育')
      OR CONTAINS("employer_kind", '托管机构')
      OR CONTAINS("employer_kind", '午托')
      OR CONTAINS("employer_kind", '早教')
    )
), "barred_records" AS (
  SELECT
    "_dataset",
    "_version",
    "_row",
    "id_number",
    "name",
    "case_no",
    "court",
    "offence",
    "intentional",
    "offence_date",
    "judgment_date",
    "sentence_type",
    "sentence_months",
    "release_date",
    "release_reason",
    "parole_end_date"
  FROM "records"
  WHERE
    (
      CONTAINS("offence", '强奸罪')
      OR CONTAINS("offence", '强制猥亵')
      OR CONTAINS("offence", '猥亵儿童罪')
      OR CONTAINS("offence", '负有照护职责人员性侵罪')
      OR CONTAINS("offence", '虐待罪')
      OR CONTAINS("offence", '虐待被监护、看护人罪')
      OR CONTAINS("offence", '拐卖妇女、儿童罪')
      OR CONTAINS("offence", '收买被拐卖的妇女、儿童罪')
      OR CONTAINS("offence", '拐骗儿童罪')
    )
), "banned_staff" AS (
  SELECT
    "id_number",
    "name",
    "employer",
    "employer_uscc",
    "employer_kind",
    "position",
    "hire_date",
    "leave_date",
    "region_code",
    barred_records_name AS "record_name",
    case_no AS "record_case_no",
    court AS "record_court",
    offence AS "offence",
    offence_date AS "offence_date",
    judgment_date AS "judgment_date",
    sentence_type AS "sentence_type",
    sentence_months AS "sentence_months",
    release_date AS "release_date",
    COALESCE(position, '（岗位未填）') AS "position_text",
    COALESCE(CAST(judgment_date AS TEXT) || ' 判决', '判决日期未填') AS "conviction",
    _dataset AS "staff_dataset",
    _row AS "staff_row",
    barred_records__dataset AS "record_dataset",
    barred_records__row AS "record_row"
  FROM (
    SELECT
      "minor_staff"."_dataset" AS "_dataset",
      "minor_staff"."_version" AS "_version",
      "minor_staff"."_row" AS "_row",
      "minor_staff"."id_number" AS "id_number",
      "minor_staff"."name" AS "name",
      "minor_staff"."employer" AS "employer",
      "minor_staff"."employer_uscc" AS "employer_uscc",
      "minor_staff"."employer_kind" AS "employer_kind",
      "minor_staff"."position" AS "position",
      "minor_staff"."hire_date" AS "hire_date",
      "minor_staff"."leave_date" AS "leave_date",
      "minor_staff"."phone" AS "phone",
      "minor_staff"."region_code" AS "region_code",
      "barred_records"."_dataset" AS "barred_records__dataset",
      "barred_records"."_version" AS "barred_records__version",
      "barred_records"."_row" AS "barred_records__row",
      "barred_records"."name" AS "barred_records_name",
      "barred_records"."case_no" AS "case_no",
      "barred_records"."court" AS "court",
      "barred_records"."offence" AS "offence",
      "barred_records"."intentional" AS "intentional",
      "barred_records"."offence_date" AS "offence_date",
      "barred_records"."judgment_date" AS "judgment_date",
      "barred_records"."sentence_type" AS "sentence_type",
      "barred_records"."sentence_months" AS "sentence_months",
      "barred_records"."release_date" AS "release_date",
      "barred_records"."release_reason" AS "release_reason",
      "barred_records"."parole_end_date" AS "parole_end_date"
    FROM "minor_staff"
    JOIN "barred_records"
      ON "minor_staff"."id_number" = "barred_records"."id_number"
  ) AS p
)
SELECT
  *,
  CAST("id_number" AS TEXT) AS __subject_key,
  "name" AS __subject_name,
  CAST(COALESCE(sentence_months, 0) + 1 AS DOUBLE) AS __score
FROM "banned_staff"
WHERE
  NOT "id_number" IS NULL
