WITH "judgments" AS (
  SELECT
    'judgment_ds' AS _dataset,
    'judgments0' AS _version,
    _row,
    "case_no",
    "court",
    "defendant_id",
    "defendant_name",
    "defendant_birth_date",
    "offence",
    "offence_date",
    "judgment_date",
    "effective_date",
    "sentence_type",
    "sentence_months",
    "suspended",
    "recidivist_found"
  FROM "fy_src_judgments0"
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
), "new_cases" AS (
  SELECT
    "_dataset",
    "_version",
    "_row",
    "case_no",
    "court",
    "defendant_id",
    "defendant_name",
    "defendant_birth_date",
    "offence",
    "offence_date",
    "judgment_date",
    "effective_date",
    "sentence_type",
    "sentence_months",
    "suspended",
    "recidivist_found"
  FROM "judgments"
  WHERE
    (
      recidivist_found = FALSE AND NOT offence_date IS NULL
    )
    AND (
      "offence" IS NULL
      OR NOT (
        CONTAINS("offence", '过失')
        OR CONTAINS("offence", '交通肇事罪')
        OR CONTAINS("offence", '失火罪')
        OR CONTAINS("offence", '重大飞行事故罪')
        OR CONTAINS("offence", '铁路运营安全事故罪')
        OR CONTAINS("offence", '重大责任事故罪')
        OR CONTAINS("offence", '重大劳动安全事故罪')
        OR CONTAINS("offence", '大型群众性活动重大安全事故罪')
        OR CONTAINS("offence", '危险物品肇事罪')
        OR CONTAINS("offence", '工程重大安全事故罪')
        OR CONTAINS("offence", '教育设施重大安全事故罪')
        OR CONTAINS("offence", '消防责任事故罪')
        OR CONTAINS("offence", '医疗事故罪')
        OR CONTAINS("offence", '出具证明文件重大失实罪')
        OR CONTAINS("offence", '玩忽职守罪')
        OR CONTAINS("offence", '签订、履行合同失职被骗罪')
        OR CONTAINS("offence", '国有公司、企业、事业单位人员失职罪')
        OR CONTAINS("offence", '环境监管失职罪')
        OR CONTAINS("offence", '传染病防治失职罪')
        OR CONTAINS("offence", '商检失职罪')
        OR CONTAINS("offence", '动植物检疫失职罪')
        OR CONTAINS("offence", '失职致使在押人员脱逃罪')
        OR CONTAINS("offence", '失职造成珍贵文物损毁、流失罪')
      )
    )
), "executed" AS (
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
    "release_reason" IS NULL OR NOT (
      CONTAINS("release_reason", '缓刑')
    )
), "priors" AS (
  SELECT
    "id_number",
    TRY_CAST(SUBSTRING(id_number, 7, 4) || '-' || SUBSTRING(id_number, 11, 2) || '-' || SUBSTRING(id_number, 13, 2) AS DATE) AS "birth_date",
    name AS "prior_name",
    case_no AS "prior_case_no",
    court AS "prior_court",
    offence AS "prior_offence",
    offence_date AS "prior_offence_date",
    judgment_date AS "prior_judgment_date",
    sentence_type AS "prior_sentence_type",
    sentence_months AS "prior_sentence_months",
    "release_date",
    "release_reason",
    "parole_end_date",
    COALESCE(parole_end_date, release_date) AS "end_date",
    CASE WHEN NOT parole_end_date IS NULL THEN '假释考验期满' ELSE '刑满释放' END AS "end_kind",
    _dataset AS "prior_dataset",
    _version AS "prior_version",
    _row AS "prior_row"
  FROM (
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
    FROM "executed"
    WHERE
      COALESCE(intentional, TRUE)
      AND (
        "offence" IS NULL
        OR NOT (
          CONTAINS("offence", '过失')
          OR CONTAINS("offence", '交通肇事罪')
          OR CONTAINS("offence", '失火罪')
          OR CONTAINS("offence", '重大飞行事故罪')
          OR CONTAINS("offence", '铁路运营安全事故罪')
          OR CONTAINS("offence", '重大责任事故罪')
          OR CONTAINS("offence", '重大劳动安全事故罪')
          OR CONTAINS("offence", '大型群众性活动重大安全事故罪')
          OR CONTAINS("offence", '危险物品肇事罪')
          OR CONTAINS("offence", '工程重大安全事故罪')
          OR CONTAINS("offence", '教育设施重大安全事故罪')
          OR CONTAINS("offence", '消防责任事故罪')
          OR CONTAINS("offence", '医疗事故罪')
          OR CONTAINS("offence", '出具证明文件重大失实罪')
          OR CONTAINS("offence", '玩忽职守罪')
          OR CONTAINS("offence", '签订、履行合同失职被骗罪')
          OR CONTAINS("offence", '国有公司、企业、事业单位人员失职罪')
          OR CONTAINS("offence", '环境监管失职罪')
          OR CONTAINS("offence", '传染病防治失职罪')
          OR CONTAINS("offence", '商检失职罪')
          OR CONTAINS("offence", '动植物检疫失职罪')
          OR CONTAINS("offence", '失职致使在押人员脱逃罪')
          OR CONTAINS("offence", '失职造成珍贵文物损毁、流失罪')
        )
      )
  ) AS p
), "adult_priors" AS (
  SELECT
    "id_number",
    "birth_date",
    "prior_name",
    "prior_case_no",
    "prior_court",
    "prior_offence",
    "prior_offence_date",
    "prior_judgment_date",
    "prior_sentence_type",
    "prior_sentence_months",
    "release_date",
    "release_reason",
    "parole_end_date",
    "end_date",
    "end_kind",
    "prior_dataset",
    "prior_version",
    "prior_row"
  FROM "priors"
  WHERE
    birth_date IS NULL
    OR COALESCE(prior_offence_date, prior_judgment_date) IS NULL
    OR COALESCE(prior_offence_date, prior_judgment_date) > birth_date + INTERVAL 216 MONTH
), "general" AS (
  SELECT
    "new_cases"."_dataset" AS "_dataset",
    "new_cases"."_version" AS "_version",
    "new_cases"."_row" AS "_row",
    "new_cases"."case_no" AS "case_no",
    "new_cases"."court" AS "court",
    "new_cases"."defendant_id" AS "defendant_id",
    "new_cases"."defendant_name" AS "defendant_name",
    "new_cases"."defendant_birth_date" AS "defendant_birth_date",
    "new_cases"."offence" AS "offence",
    "new_cases"."offence_date" AS "offence_date",
    "new_cases"."judgment_date" AS "judgment_date",
    "new_cases"."effective_date" AS "effective_date",
    "new_cases"."sentence_type" AS "sentence_type",
    "new_cases"."sentence_months" AS "sentence_months",
    "new_cases"."suspended" AS "suspended",
    "new_cases"."recidivist_found" AS "recidivist_found",
    "adult_priors"."id_number" AS "id_number",
    "adult_priors"."birth_date" AS "birth_date",
    "adult_priors"."prior_name" AS "prior_name",
    "adult_priors"."prior_case_no" AS "prior_case_no",
    "adult_priors"."prior_court" AS "prior_court",
    "adult_priors"."prior_offence" AS "prior_offence",
    "adult_priors"."prior_offence_date" AS "prior_offence_date",
    "adult_priors"."prior_judgment_date" AS "prior_judgment_date",
    "adult_priors"."prior_sentence_type" AS "prior_sentence_type",
    "adult_priors"."prior_sentence_months" AS "prior_sentence_months",
    "adult_priors"."release_date" AS "release_date",
    "adult_priors"."release_reason" AS "release_reason",
    "adult_priors"."parole_end_date" AS "parole_end_date",
    "adult_priors"."end_date" AS "end_date",
    "adult_priors"."end_kind" AS "end_kind",
    "adult_priors"."prior_dataset" AS "prior_dataset",
    "adult_priors"."prior_version" AS "prior_version",
    "adult_priors"."prior_row" AS "prior_row"
  FROM "new_cases"
  JOIN "adult_priors"
    ON "new_cases"."defendant_id" = "adult_priors"."id_number"
    AND (
      new_cases.sentence_type IN ('有期徒刑', '无期徒刑', '死刑缓期二年执行', '死刑缓期执行', '死刑')
      AND adult_priors.prior_sentence_type IN ('有期徒刑', '无期徒刑', '死刑缓期二年执行', '死刑缓期执行', '死刑')
      AND new_cases.offence_date > adult_priors.end_date
      AND new_cases.offence_date <= adult_priors.end_date + INTERVAL (12 * 5) MONTH
    )
), "new_art66" AS (
  SELECT
    "_dataset",
    "_version",
    "_row",
    "case_no",
    "court",
    "defendant_id",
    "defendant_name",
    "defendant_birth_date",
    "offence",
    "offence_date",
    "judgment_date",
    "effective_date",
    "sentence_type",
    "sentence_months",
    "suspended",
    "recidivist_found"
  FROM "new_cases"
  WHERE
    (
      CONTAINS("offence", '背叛国家罪')
      OR CONTAINS("offence", '分裂国家罪')
      OR CONTAINS("offence", '煽动分裂国家罪')
      OR CONTAINS("offence", '武装叛乱、暴乱罪')
      OR CONTAINS("offence", '颠覆国家政权罪')
      OR CONTAINS("offence", '煽动颠覆国家政权罪')
      OR CONTAINS("offence", '资助危害国家安全犯罪活动罪')
      OR CONTAINS("offence", '投敌叛变罪')
      OR CONTAINS("offence", '叛逃罪')
      OR CONTAINS("offence", '间谍罪')
      OR CONTAINS("offence", '为境外窃取、刺探、收买、非法提供国家秘密、情报罪')
      OR CONTAINS("offence", '资敌罪')
      OR CONTAINS("offence", '组织、领导、参加恐怖组织罪')
      OR CONTAINS("offence", '帮助恐怖活动罪')
      OR CONTAINS("offence", '准备实施恐怖活动罪')
      OR CONTAINS("offence", '宣扬恐怖主义、极端主义、煽动实施恐怖活动罪')
      OR CONTAINS("offence", '利用极端主义破坏法律实施罪')
      OR CONTAINS("offence", '强制穿戴宣扬恐怖主义、极端主义服饰、标志罪')
      OR CONTAINS("offence", '非法持有宣扬恐怖主义、极端主义物品罪')
      OR CONTAINS("offence", '组织、领导、参加黑社会性质组织罪')
      OR CONTAINS("offence", '入境发展黑社会组织罪')
      OR CONTAINS("offence", '包庇、纵容黑社会性质组织罪')
    )
), "prior_art66" AS (
  SELECT
    "id_number",
    "birth_date",
    "prior_name",
    "prior_case_no",
    "prior_court",
    "prior_offence",
    "prior_offence_date",
    "prior_judgment_date",
    "prior_sentence_type",
    "prior_sentence_months",
    "release_date",
    "release_reason",
    "parole_end_date",
    "end_date",
    "end_kind",
    "prior_dataset",
    "prior_version",
    "prior_row"
  FROM "adult_priors"
  WHERE
    (
      CONTAINS("prior_offence", '背叛国家罪')
      OR CONTAINS("prior_offence", '分裂国家罪')
      OR CONTAINS("prior_offence", '煽动分裂国家罪')
      OR CONTAINS("prior_offence", '武装叛乱、暴乱罪')
      OR CONTAINS("prior_offence", '颠覆国家政权罪')
      OR CONTAINS("prior_offence", '煽动颠覆国家政权罪')
      OR CONTAINS("prior_offence", '资助危害国家安全犯罪活动罪')
      OR CONTAINS("prior_offence", '投敌叛变罪')
      OR CONTAINS("prior_offence", '叛逃罪')
      OR CONTAINS("prior_offence", '间谍罪')
      OR CONTAINS("prior_offence", '为境外窃取、刺探、收买、非法提供国家秘密、情报罪')
      OR CONTAINS("prior_offence", '资敌罪')
      OR CONTAINS("prior_offence", '组织、领导、参加恐怖组织罪')
      OR CONTAINS("prior_offence", '帮助恐怖活动罪')
      OR CONTAINS("prior_offence", '准备实施恐怖活动罪')
      OR CONTAINS("prior_offence", '宣扬恐怖主义、极端主义、煽动实施恐怖活动罪')
      OR CONTAINS("prior_offence", '利用极端主义破坏法律实施罪')
      OR CONTAINS("prior_offence", '强制穿戴宣扬恐怖主义、极端主义服饰、标志罪')
      OR CONTAINS("prior_offence", '非法持有宣扬恐怖主义、极端主义物品罪')
      OR CONTAINS("prior_offence", '组织、领导、参加黑社会性质组织罪')
      OR CONTAINS("prior_offence", '入境发展黑社会组织罪')
      OR CONTAINS("prior_offence", '包庇、纵容黑社会性质组织罪')
    )
), "special" AS (
  SELECT
    "new_art66"."_dataset" AS "_dataset",
    "new_art66"."_version" AS "_version",
    "new_art66"."_row" AS "_row",
    "new_art66"."case_no" AS "case_no",
    "new_art66"."court" AS "court",
    "new_art66"."defendant_id" AS "defendant_id",
    "new_art66"."defendant_name" AS "defendant_name",
    "new_art66"."defendant_birth_date" AS "defendant_birth_date",
    "new_art66"."offence" AS "offence",
    "new_art66"."offence_date" AS "offence_date",
    "new_art66"."judgment_date" AS "judgment_date",
    "new_art66"."effective_date" AS "effective_date",
    "new_art66"."sentence_type" AS "sentence_type",
    "new_art66"."sentence_months" AS "sentence_months",
    "new_art66"."suspended" AS "suspended",
    "new_art66"."recidivist_found" AS "recidivist_found",
    "prior_art66"."id_number" AS "id_number",
    "prior_art66"."birth_date" AS "birth_date",
    "prior_art66"."prior_name" AS "prior_name",
    "prior_art66"."prior_case_no" AS "prior_case_no",
    "prior_art66"."prior_court" AS "prior_court",
    "prior_art66"."prior_offence" AS "prior_offence",
    "prior_art66"."prior_offence_date" AS "prior_offence_date",
    "prior_art66"."prior_judgment_date" AS "prior_judgment_date",
    "prior_art66"."prior_sentence_type" AS "prior_sentence_type",
    "prior_art66"."prior_sentence_months" AS "prior_sentence_months",
    "prior_art66"."release_date" AS "release_date",
    "prior_art66"."release_reason" AS "release_reason",
    "prior_art66"."parole_end_date" AS "parole_end_date",
    "prior_art66"."end_date" AS "end_date",
    "prior_art66"."end_kind" AS "end_kind",
    "prior_art66"."prior_dataset" AS "prior_dataset",
    "prior_art66"."prior_version" AS "prior_version",
    "prior_art66"."prior_row" AS "prior_row"
  FROM "new_art66"
  JOIN "prior_art66"
    ON "new_art66"."defendant_id" = "prior_art66"."id_number"
    AND new_art66.offence_date > prior_art66.end_date
), "found" AS (
  SELECT
    *
  FROM (
    SELECT
      'general' AS _layer,
      "_dataset",
      "_version",
      "_row",
      "case_no",
      "court",
      "defendant_id",
      "defendant_name",
      "defendant_birth_date",
      "offence",
      "offence_date",
      "judgment_date",
      "effective_date",
      "sentence_type",
      "sentence_months",
      "suspended",
      "recidivist_found",
      "id_number",
      "birth_date",
      "prior_name",
      "prior_case_no",
      "prior_court",
      "prior_offence",
      "prior_offence_date",
      "prior_judgment_date",
      "prior_sentence_type",
      "prior_sentence_months",
      "release_date",
      "release_reason",
      "parole_end_date",
      "end_date",
      "end_kind",
      "prior_dataset",
      "prior_version",
      "prior_row"
    FROM "general"
    UNION ALL
    SELECT
      'special' AS _layer,
      "_dataset",
      "_version",
      "_row",
      "case_no",
      "court",
      "defendant_id",
      "defendant_name",
      "defendant_birth_date",
      "offence",
      "offence_date",
      "judgment_date",
      "effective_date",
      "sentence_type",
      "sentence_months",
      "suspended",
      "recidivist_found",
      "id_number",
      "birth_date",
      "prior_name",
      "prior_case_no",
      "prior_court",
      "prior_offence",
      "prior_offence_date",
      "prior_judgment_date",
      "prior_sentence_type",
      "prior_sentence_months",
      "release_date",
      "release_reason",
      "parole_end_date",
      "end_date",
      "end_kind",
      "prior_dataset",
      "prior_version",
      "prior_row"
    FROM "special"
  ) AS u
), "missed" AS (
  SELECT
    "case_no",
    "court",
    "defendant_id",
    "defendant_name",
    "offence",
    "offence_date",
    "judgment_date",
    "sentence_type",
    "sentence_months",
    "suspended",
    "prior_case_no",
    "prior_court",
    "prior_offence",
    "prior_offence_date",
    "prior_sentence_type",
    "prior_sentence_months",
    "release_date",
    "release_reason",
    "parole_end_date",
    "end_date",
    "end_kind",
    DATE_DIFF('DAY', end_date, offence_date) AS "interval_days",
    CASE WHEN _layer = 'general' THEN '一般累犯（刑法第六十五条）' ELSE '特别累犯（刑法第六十六条）' END AS "reason",
    CASE WHEN COALESCE(suspended, FALSE) THEN '；且判处缓刑（刑法第七十四条：对累犯不适用缓刑）' ELSE '' END AS "suspended_note",
    DATE_DIFF('DAY', end_date, end_date + INTERVAL (12 * 5) MONTH) AS "window_days",
    "prior_dataset",
    "prior_version",
    "prior_row"
  FROM (
    SELECT
      "_layer",
      "_dataset",
      "_version",
      "_row",
      "case_no",
      "court",
      "defendant_id",
      "defendant_name",
      "defendant_birth_date",
      "offence",
      "offence_date",
      "judgment_date",
      "effective_date",
      "sentence_type",
      "sentence_months",
      "suspended",
      "recidivist_found",
      "id_number",
      "birth_date",
      "prior_name",
      "prior_case_no",
      "prior_court",
      "prior_offence",
      "prior_offence_date",
      "prior_judgment_date",
      "prior_sentence_type",
      "prior_sentence_months",
      "release_date",
      "release_reason",
      "parole_end_date",
      "end_date",
      "end_kind",
      "prior_dataset",
      "prior_version",
      "prior_row"
    FROM "found"
  ) AS p
)
SELECT
  *,
  CAST("case_no" AS TEXT) AS __subject_key,
  "defendant_name" AS __subject_name,
  CAST(CASE
    WHEN reason LIKE '特别累犯%'
    THEN window_days + 1
    ELSE GREATEST(window_days - interval_days + 1, 1)
  END AS DOUBLE) AS __score
FROM "missed"
WHERE
  NOT "case_no" IS NULL
