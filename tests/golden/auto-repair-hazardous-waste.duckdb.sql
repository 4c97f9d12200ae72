WITH "registry" AS (
  SELECT
    'business_registry_ds' AS _dataset,
    'registry0' AS _version,
    _row,
    "uscc",
    "name",
    "business_scope",
    "status",
    "entity_type",
    "industry",
    "legal_rep",
    "legal_rep_id",
    "address",
    "reg_authority",
    "established_date",
    "approval_date",
    "cancel_date",
    "region_code"
  FROM "fy_src_registry0"
), "manifests" AS (
  SELECT
    'hw_manifest_ds' AS _dataset,
    'manifests0' AS _version,
    _row,
    "manifest_no",
    "producer_uscc",
    "producer_name",
    "waste_code",
    "waste_name",
    "waste_category",
    "quantity_t",
    "transfer_date",
    "receiver_uscc",
    "receiver_name",
    "receive_date",
    "transporter_name",
    "status",
    "region_code"
  FROM "fy_src_manifests0"
), "repair_scope" AS (
  SELECT
    "_dataset",
    "_version",
    "_row",
    "uscc",
    "name",
    "business_scope",
    "status",
    "entity_type",
    "industry",
    "legal_rep",
    "legal_rep_id",
    "address",
    "reg_authority",
    "established_date",
    "approval_date",
    "cancel_date",
    "region_code"
  FROM "registry"
  WHERE
    (
      CONTAINS("business_scope", '机动车维修')
      OR CONTAINS("business_scope", '汽车维修')
      OR CONTAINS("business_scope", '汽车修理')
      OR CONTAINS("business_scope", '机动车修理')
      OR CONTAINS("business_scope", '车辆维修')
      OR CONTAINS("business_scope", '汽车保养')
      OR CONTAINS("business_scope", '汽车维护')
      OR CONTAINS("business_scope", '机动车维护')
      OR CONTAINS("business_scope", '汽车快修')
      OR CONTAINS("business_scope", '汽车钣金')
      OR CONTAINS("business_scope", '钣金喷漆')
      OR CONTAINS("business_scope", '汽车喷漆')
      OR CONTAINS("business_scope", '摩托车维修')
    )
    AND (
      "business_scope" IS NULL
      OR NOT (
        CONTAINS("business_scope", '不含机动车维修')
        OR CONTAINS("business_scope", '不含汽车维修')
        OR CONTAINS("business_scope", '除机动车维修')
        OR CONTAINS("business_scope", '除汽车维修')
        OR CONTAINS("business_scope", '不得从事机动车维修')
      )
    )
), "operating" AS (
  SELECT
    "_dataset",
    "_version",
    "_row",
    "uscc",
    "name",
    "business_scope",
    "status",
    "entity_type",
    "industry",
    "legal_rep",
    "legal_rep_id",
    "address",
    "reg_authority",
    "established_date",
    "approval_date",
    "cancel_date",
    "region_code"
  FROM "repair_scope"
  WHERE
    (
      cancel_date IS NULL
      AND (
        established_date IS NULL OR established_date <= CAST('2999-12-31' AS DATE)
      )
    )
    AND (
      "status" IS NULL
      OR NOT (
        CONTAINS("status", '注销')
        OR CONTAINS("status", '吊销')
        OR CONTAINS("status", '撤销')
        OR CONTAINS("status", '迁出')
        OR CONTAINS("status", '歇业')
        OR CONTAINS("status", '停业')
        OR CONTAINS("status", '清算')
      )
    )
), "valid_manifests" AS (
  SELECT
    "_dataset",
    "_version",
    "_row",
    "manifest_no",
    "producer_uscc",
    "producer_name",
    "waste_code",
    "waste_name",
    "waste_category",
    "quantity_t",
    "transfer_date",
    "receiver_uscc",
    "receiver_name",
    "receive_date",
    "transporter_name",
    "status",
    "region_code"
  FROM "manifests"
  WHERE
    "status" IS NULL
    OR NOT (
      CONTAINS("status", '作废') OR CONTAINS("status", '撤销') OR CONTAINS("status", '退回')
    )
), "period_manifests" AS (
  SELECT
    "_dataset",
    "_version",
    "_row",
    "manifest_no",
    "producer_uscc",
    "producer_name",
    "waste_code",
    "waste_name",
    "waste_category",
    "quantity_t",
    "transfer_date",
    "receiver_uscc",
    "receiver_name",
    "receive_date",
    "transporter_name",
    "status",
    "region_code"
  FROM "valid_manifests"
  WHERE
    transfer_date BETWEEN CAST('1900-01-01' AS DATE) AND CAST('2999-12-31' AS DATE)
), "unreported" AS (
  SELECT
    "operating"."_dataset" AS "_dataset",
    "operating"."_version" AS "_version",
    "operating"."_row" AS "_row",
    "operating"."uscc" AS "uscc",
    "operating"."name" AS "name",
    "operating"."business_scope" AS "business_scope",
    "operating"."status" AS "status",
    "operating"."entity_type" AS "entity_type",
    "operating"."industry" AS "industry",
    "operating"."legal_rep" AS "legal_rep",
    "operating"."legal_rep_id" AS "legal_rep_id",
    "operating"."address" AS "address",
    "operating"."reg_authority" AS "reg_authority",
    "operating"."established_date" AS "established_date",
    "operating"."approval_date" AS "approval_date",
    "operating"."cancel_date" AS "cancel_date",
    "operating"."region_code" AS "region_code"
  FROM "operating"
  WHERE
    NOT EXISTS(
      SELECT
        1
      FROM "period_manifests"
      WHERE
        "operating"."uscc" = "period_manifests"."producer_uscc"
    )
), "manifest_history" AS (
  SELECT
    "producer_uscc",
    COUNT(*) AS "manifests",
    MIN(transfer_date) AS "first_transfer",
    MAX(transfer_date) AS "last_transfer",
    SUM(quantity_t) AS "total_t"
  FROM "valid_manifests"
  GROUP BY
    "producer_uscc"
), "data_horizon" AS (
  SELECT
    MAX(transfer_date) AS "data_until"
  FROM "valid_manifests"
), "with_history" AS (
  SELECT
    "unreported"."_dataset" AS "_dataset",
    "unreported"."_version" AS "_version",
    "unreported"."_row" AS "_row",
    "unreported"."uscc" AS "uscc",
    "unreported"."name" AS "name",
    "unreported"."business_scope" AS "business_scope",
    "unreported"."status" AS "status",
    "unreported"."entity_type" AS "entity_type",
    "unreported"."industry" AS "industry",
    "unreported"."legal_rep" AS "legal_rep",
    "unreported"."legal_rep_id" AS "legal_rep_id",
    "unreported"."address" AS "address",
    "unreported"."reg_authority" AS "reg_authority",
    "unreported"."established_date" AS "established_date",
    "unreported"."approval_date" AS "approval_date",
    "unreported"."cancel_date" AS "cancel_date",
    "unreported"."region_code" AS "region_code",
    "manifest_history"."producer_uscc" AS "producer_uscc",
    "manifest_history"."manifests" AS "manifests",
    "manifest_history"."first_transfer" AS "first_transfer",
    "manifest_history"."last_transfer" AS "last_transfer",
    "manifest_history"."total_t" AS "total_t"
  FROM "unreported"
  LEFT JOIN "manifest_history"
    ON "unreported"."uscc" = "manifest_history"."producer_uscc"
), "flagged" AS (
  SELECT
    "uscc",
    "name",
    "business_scope",
    "status",
    "established_date",
    "legal_rep",
    "address",
    "region_code",
    COALESCE(manifests, 0) AS "manifests",
    "last_transfer",
    CASE WHEN manifests IS NULL THEN '从无危废转移联单' ELSE '仅在期间外有联单' END AS "reason",
    CASE
      WHEN manifests IS NULL
      THEN '危险废物转移联单中查无该企业作为产生单位的有效联单'
      ELSE CONCAT(
        '共 ',
        manifests,
        ' 份联单，均不在核查期间 ',
        CAST('1900-01-01' AS DATE),
        ' 至 ',
        CAST('2999-12-31' AS DATE),
        ' 内，最近一次转移于 ',
        last_transfer
      )
    END AS "detail",
    CASE
      WHEN established_date IS NULL OR data_until IS NULL
      THEN NULL
      ELSE ROUND(
        GREATEST(
          DATE_DIFF(
            'DAY',
            GREATEST(established_date, CAST('1900-01-01' AS DATE)),
            LEAST(CAST('2999-12-31' AS DATE), data_until)
          ),
          0
        ) / 365.25,
        1
      )
    END AS "years_operating"
  FROM (
    SELECT
      "with_history"."_dataset" AS "_dataset",
      "with_history"."_version" AS "_version",
      "with_history"."_row" AS "_row",
      "with_history"."uscc" AS "uscc",
      "with_history"."name" AS "name",
      "with_history"."business_scope" AS "business_scope",
      "with_history"."status" AS "status",
      "with_history"."entity_type" AS "entity_type",
      "with_history"."industry" AS "industry",
      "with_history"."legal_rep" AS "legal_rep",
      "with_history"."legal_rep_id" AS "legal_rep_id",
      "with_history"."address" AS "address",
      "with_history"."reg_authority" AS "reg_authority",
      "with_history"."established_date" AS "established_date",
      "with_history"."approval_date" AS "approval_date",
      "with_history"."cancel_date" AS "cancel_date",
      "with_history"."region_code" AS "region_code",
      "with_history"."producer_uscc" AS "producer_uscc",
      "with_history"."manifests" AS "manifests",
      "with_history"."first_transfer" AS "first_transfer",
      "with_history"."last_transfer" AS "last_transfer",
      "with_history"."total_t" AS "total_t",
      "data_horizon"."data_until" AS "data_until"
    FROM "with_history"
    LEFT JOIN "data_horizon"
      ON TRUE
  ) AS p
)
SELECT
  *,
  CAST("uscc" AS TEXT) AS __subject_key,
  "name" AS __subject_name,
  CAST(COALESCE(years_operating, 0) AS DOUBLE) AS __score
FROM "flagged"
WHERE
  NOT "uscc" IS NULL
