WITH "workers" AS (
  SELECT
    'food_worker_ds' AS _dataset,
    'workers0' AS _version,
    _row,
    "id_number",
    "name",
    "employer",
    "employer_uscc",
    "platform",
    "position",
    "health_cert_no",
    "phone",
    "hire_date",
    "region_code"
  FROM "fy_src_workers0"
), "certs" AS (
  SELECT
    'health_certificate_ds' AS _dataset,
    'certs0' AS _version,
    _row,
    "cert_no",
    "id_number",
    "name",
    "category",
    "exam_date",
    "result",
    "issue_date",
    "expiry_date",
    "institution_code",
    "institution_name"
  FROM "fy_src_certs0"
), "institutions" AS (
  SELECT
    'exam_institution_ds' AS _dataset,
    'institutions0' AS _version,
    _row,
    "institution_code",
    "name",
    "uscc",
    "authorized_from",
    "authorized_to",
    "status",
    "address",
    "region_code"
  FROM "fy_src_institutions0"
), "own_cert" AS (
  SELECT
    "workers"."_dataset" AS "_dataset",
    "workers"."_version" AS "_version",
    "workers"."_row" AS "_row",
    "workers"."id_number" AS "id_number",
    "workers"."name" AS "name",
    "workers"."employer" AS "employer",
    "workers"."employer_uscc" AS "employer_uscc",
    "workers"."platform" AS "platform",
    "workers"."position" AS "position",
    "workers"."health_cert_no" AS "health_cert_no",
    "workers"."phone" AS "phone",
    "workers"."hire_date" AS "hire_date",
    "workers"."region_code" AS "region_code",
    "certs"."_dataset" AS "certs__dataset",
    "certs"."_version" AS "certs__version",
    "certs"."_row" AS "certs__row",
    "certs"."cert_no" AS "cert_no",
    "certs"."name" AS "certs_name",
    "certs"."category" AS "category",
    "certs"."exam_date" AS "exam_date",
    "certs"."result" AS "result",
    "certs"."issue_date" AS "issue_date",
    "certs"."expiry_date" AS "expiry_date",
    "certs"."institution_code" AS "institution_code",
    "certs"."institution_name" AS "institution_name"
  FROM "workers"
  JOIN "certs"
    ON "workers"."health_cert_no" = "certs"."cert_no"
    AND "workers"."id_number" = "certs"."id_number"
), "lacking_own" AS (
  SELECT
    "workers"."_dataset" AS "_dataset",
    "workers"."_version" AS "_version",
    "workers"."_row" AS "_row",
    "workers"."id_number" AS "id_number",
    "workers"."name" AS "name",
    "workers"."employer" AS "employer",
    "workers"."employer_uscc" AS "employer_uscc",
    "workers"."platform" AS "platform",
    "workers"."position" AS "position",
    "workers"."health_cert_no" AS "health_cert_no",
    "workers"."phone" AS "phone",
    "workers"."hire_date" AS "hire_date",
    "workers"."region_code" AS "region_code"
  FROM "workers"
  WHERE
    NOT EXISTS(
      SELECT
        1
      FROM "certs"
      WHERE
        "workers"."health_cert_no" = "certs"."cert_no"
        AND "workers"."id_number" = "certs"."id_number"
    )
), "not_issued" AS (
  SELECT
    "id_number",
    "name",
    "employer",
    "health_cert_no",
    "region_code",
    '健康证未签发' AS "reason",
    CONCAT('健康证明发放记录中查无编号 ', health_cert_no) AS "detail",
    4 AS "weight"
  FROM (
    SELECT
      "lacking_own"."_dataset" AS "_dataset",
      "lacking_own"."_version" AS "_version",
      "lacking_own"."_row" AS "_row",
      "lacking_own"."id_number" AS "id_number",
      "lacking_own"."name" AS "name",
      "lacking_own"."employer" AS "employer",
      "lacking_own"."employer_uscc" AS "employer_uscc",
      "lacking_own"."platform" AS "platform",
      "lacking_own"."position" AS "position",
      "lacking_own"."health_cert_no" AS "health_cert_no",
      "lacking_own"."phone" AS "phone",
      "lacking_own"."hire_date" AS "hire_date",
      "lacking_own"."region_code" AS "region_code"
    FROM "lacking_own"
    WHERE
      NOT EXISTS(
        SELECT
          1
        FROM "certs"
        WHERE
          "lacking_own"."health_cert_no" = "certs"."cert_no"
      )
  ) AS p
), "other_holder" AS (
  SELECT
    "id_number",
    "name",
    "employer",
    "health_cert_no",
    "region_code",
    '健康证登记在他人名下' AS "reason",
    CONCAT('编号 ', health_cert_no, ' 登记在 ', COALESCE(certs_name, '（未登记姓名）'), '（', certs_id_number, '）名下') AS "detail",
    4 AS "weight"
  FROM (
    SELECT
      "lacking_own"."_dataset" AS "_dataset",
      "lacking_own"."_version" AS "_version",
      "lacking_own"."_row" AS "_row",
      "lacking_own"."id_number" AS "id_number",
      "lacking_own"."name" AS "name",
      "lacking_own"."employer" AS "employer",
      "lacking_own"."employer_uscc" AS "employer_uscc",
      "lacking_own"."platform" AS "platform",
      "lacking_own"."position" AS "position",
      "lacking_own"."health_cert_no" AS "health_cert_no",
      "lacking_own"."phone" AS "phone",
      "lacking_own"."hire_date" AS "hire_date",
      "lacking_own"."region_code" AS "region_code",
      "certs"."_dataset" AS "certs__dataset",
      "certs"."_version" AS "certs__version",
      "certs"."_row" AS "certs__row",
      "certs"."cert_no" AS "cert_no",
      "certs"."id_number" AS "certs_id_number",
      "certs"."name" AS "certs_name",
      "certs"."category" AS "category",
      "certs"."exam_date" AS "exam_date",
      "certs"."result" AS "result",
      "certs"."issue_date" AS "issue_date",
      "certs"."expiry_date" AS "expiry_date",
      "certs"."institution_code" AS "institution_code",
      "certs"."institution_name" AS "institution_name"
    FROM "lacking_own"
    JOIN "certs"
      ON "lacking_own"."health_cert_no" = "certs"."cert_no"
  ) AS p
), "expired" AS (
  SELECT
    "id_number",
    "name",
    "employer",
    "health_cert_no",
    "region_code",
    '健康证已过期' AS "reason",
    CONCAT('有效期至 ', expiry_date, '，早于名单日期 ', CAST('2022-12-31' AS DATE)) AS "detail",
    1 AS "weight"
  FROM (
    SELECT
      "_dataset",
      "_version",
      "_row",
      "id_number",
      "name",
      "employer",
      "employer_uscc",
      "platform",
      "position",
      "health_cert_no",
      "phone",
      "hire_date",
      "region_code",
      "certs__dataset",
      "certs__version",
      "certs__row",
      "cert_no",
      "certs_name",
      "category",
      "exam_date",
      "result",
      "issue_date",
      "expiry_date",
      "institution_code",
      "institution_name"
    FROM "own_cert"
    WHERE
      expiry_date < CAST('2022-12-31' AS DATE)
  ) AS p
), "unauthorised_issue" AS (
  SELECT
    "own_cert"."_dataset" AS "_dataset",
    "own_cert"."_version" AS "_version",
    "own_cert"."_row" AS "_row",
    "own_cert"."id_number" AS "id_number",
    "own_cert"."name" AS "name",
    "own_cert"."employer" AS "employer",
    "own_cert"."employer_uscc" AS "employer_uscc",
    "own_cert"."platform" AS "platform",
    "own_cert"."position" AS "position",
    "own_cert"."health_cert_no" AS "health_cert_no",
    "own_cert"."phone" AS "phone",
    "own_cert"."hire_date" AS "hire_date",
    "own_cert"."region_code" AS "region_code",
    "own_cert"."certs__dataset" AS "certs__dataset",
    "own_cert"."certs__version" AS "certs__version",
    "own_cert"."certs__row" AS "certs__row",
    "own_cert"."cert_no" AS "cert_no",
    "own_cert"."certs_name" AS "certs_name",
    "own_cert"."category" AS "category",
    "own_cert"."exam_date" AS "exam_date",
    "own_cert"."result" AS "result",
    "own_cert"."issue_date" AS "issue_date",
    "own_cert"."expiry_date" AS "expiry_date",
    "own_cert"."institution_code" AS "institution_code",
    "own_cert"."institution_name" AS "institution_name"
  FROM "own_cert"
  WHERE
    NOT EXISTS(
      SELECT
        1
      FROM "institutions"
      WHERE
        "own_cert"."institution_code" = "institutions"."institution_code"
        AND (
          (
            institutions.authorized_from IS NULL
            OR own_cert.issue_date >= institutions.authorized_from
          )
          AND (
            institutions.authorized_to IS NULL
            OR own_cert.issue_date <= institutions.authorized_to
          )
        )
    )
), "institution_periods" AS (
  SELECT
    "institution_code",
    MIN(name) AS "institution",
    LISTAGG(
      
        CONCAT(
          COALESCE(CAST(authorized_from AS TEXT), '不详'),
          ' 至 ',
          COALESCE(CAST(authorized_to AS TEXT), '长期')
        ),
        '；'
      
      ORDER BY
        authorized_from
    ) AS "periods"
  FROM "institutions"
  GROUP BY
    "institution_code"
), "unauthorised" AS (
  SELECT
    "id_number",
    "name",
    "employer",
    "health_cert_no",
    "region_code",
    '发证机构签发时未获授权' AS "reason",
    CASE
      WHEN periods IS NULL
      THEN CONCAT('发证机构编码 ', institution_code, ' 不在授权体检机构名录中')
      ELSE CONCAT('签发日期 ', issue_date, ' 不在', institution, '（', institution_code, '）的授权期（', periods, '）内')
    END AS "detail",
    3 AS "weight"
  FROM (
    SELECT
      "unauthorised_issue"."_dataset" AS "_dataset",
      "unauthorised_issue"."_version" AS "_version",
      "unauthorised_issue"."_row" AS "_row",
      "unauthorised_issue"."id_number" AS "id_number",
      "unauthorised_issue"."name" AS "name",
      "unauthorised_issue"."employer" AS "employer",
      "unauthorised_issue"."employer_uscc" AS "employer_uscc",
      "unauthorised_issue"."platform" AS "platform",
      "unauthorised_issue"."position" AS "position",
      "unauthorised_issue"."health_cert_no" AS "health_cert_no",
      "unauthorised_issue"."phone" AS "phone",
      "unauthorised_issue"."hire_date" AS "hire_date",
      "unauthorised_issue"."region_code" AS "region_code",
      "unauthorised_issue"."certs__dataset" AS "certs__dataset",
      "unauthorised_issue"."certs__version" AS "certs__version",
      "unauthorised_issue"."certs__row" AS "certs__row",
      "unauthorised_issue"."cert_no" AS "cert_no",
      "unauthorised_issue"."certs_name" AS "certs_name",
      "unauthorised_issue"."category" AS "category",
      "unauthorised_issue"."exam_date" AS "exam_date",
      "unauthorised_issue"."result" AS "result",
      "unauthorised_issue"."issue_date" AS "issue_date",
      "unauthorised_issue"."expiry_date" AS "expiry_date",
      "unauthorised_issue"."institution_code" AS "institution_code",
      "unauthorised_issue"."institution_name" AS "institution_name",
      "institution_periods"."institution" AS "institution",
      "institution_periods"."periods" AS "periods"
    FROM "unauthorised_issue"
    LEFT JOIN "institution_periods"
      ON "unauthorised_issue"."institution_code" = "institution_periods"."institution_code"
  ) AS p
), "findings" AS (
  SELECT
    *
  FROM (
    SELECT
      'not_issued' AS _layer,
      "id_number",
      "name",
      "employer",
      "health_cert_no",
      "region_code",
      "reason",
      "detail",
      "weight"
    FROM "not_issued"
    UNION ALL
    SELECT
      'other_holder' AS _layer,
      "id_number",
      "name",
      "employer",
      "health_cert_no",
      "region_code",
      "reason",
      "detail",
      "weight"
    FROM "other_holder"
    UNION ALL
    SELECT
      'expired' AS _layer,
      "id_number",
      "name",
      "employer",
      "health_cert_no",
      "region_code",
      "reason",
      "detail",
      "weight"
    FROM "expired"
    UNION ALL
    SELECT
      'unauthorised' AS _layer,
      "id_number",
      "name",
      "employer",
      "health_cert_no",
      "region_code",
      "reason",
      "detail",
      "weight"
    FROM "unauthorised"
  ) AS u
), "per_person" AS (
  SELECT
    "id_number",
    MIN(name) AS "name",
    LISTAGG(DISTINCT employer, '、'
    ORDER BY
      employer) AS "employer",
    LISTAGG(DISTINCT health_cert_no, '、'
    ORDER BY
      health_cert_no) AS "cert_nos",
    LISTAGG(DISTINCT reason, '；'
    ORDER BY
      reason) AS "reasons",
    LISTAGG(DISTINCT detail, '；'
    ORDER BY
      detail) AS "details",
    COUNT(DISTINCT reason) AS "reason_count",
    MAX(weight) AS "severity",
    MIN(region_code) AS "region_code"
  FROM "findings"
  GROUP BY
    "id_number"
)
SELECT
  *,
  CAST("id_number" AS TEXT) AS __subject_key,
  "name" AS __subject_name,
  CAST(severity + reason_count - 1 AS DOUBLE) AS __score
FROM "per_person"
WHERE
  NOT "id_number" IS NULL
