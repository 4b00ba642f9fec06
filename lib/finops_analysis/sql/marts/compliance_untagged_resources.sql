-- compliance_untagged_resources: the resources whose charges lack a required tag (or
-- carry a value that is not allowed), biggest first, with the keys they miss.
-- Grain: one row per ResourceId (NULL = charges without a resource id), over billing
-- months $start_month to $end_month (DATE, first of month, inclusive); the $limit
-- largest by $cost_basis ('billed' or 'effective').
-- Cost basis: both, BilledCost and EffectiveCost of the non-compliant taggable charges.
-- Inputs: int_charges__owned, int_tags__parsed, cfg_tag_aliases, cfg_tag_allowed,
--         cfg_required_tags, stg_ownership.
-- Taggable charges as in compliance_by_dimension_month (usage rows; recurring fees and
-- unused commitments excluded). A key is 'missing' when no alias of it is present, 'invalid' when its raw
-- value is not allowed (the team tag's allowed values are the teams of ownership.csv
-- unless finops.yaml lists them, as in int_tags__resolved). The owner is the team that
-- carries most of the resource's cost in the window.
WITH untagged AS (
    SELECT ResourceId, ResourceName, ServiceName, SubAccountId, SubAccountName, team, owner_source,
           Tags, charge_date, BilledCost, EffectiveCost
    FROM int_charges__owned
    WHERE ChargeCategory = 'Usage' AND ChargeFrequency IS DISTINCT FROM 'Recurring'
      AND CommitmentDiscountStatus IS DISTINCT FROM 'Unused'
      AND NOT tags_compliant
      AND billing_month BETWEEN CAST($start_month AS DATE) AND CAST($end_month AS DATE)
),
tag_sets AS (
    SELECT DISTINCT Tags FROM untagged
),
present AS (
    SELECT p.Tags, a.tag_key, arg_min(p.tag_value, a.priority) AS raw_value
    FROM int_tags__parsed AS p
    JOIN cfg_tag_aliases AS a ON p.tag_name = a.alias
    WHERE p.Tags IN (SELECT Tags FROM tag_sets WHERE Tags IS NOT NULL)
    GROUP BY ALL
),
allowed AS (
    SELECT tag_key, value FROM cfg_tag_allowed
    UNION ALL
    SELECT DISTINCT 'team', team FROM stg_ownership
    WHERE rule_type = 'team' AND team <> ''
      AND NOT EXISTS (SELECT 1 FROM cfg_tag_allowed WHERE tag_key = 'team')
),
judged AS (
    SELECT
        s.Tags,
        k.tag_key,
        pr.raw_value,
        CASE
            WHEN pr.raw_value IS NULL THEN 'missing'
            WHEN NOT EXISTS (SELECT 1 FROM allowed AS al WHERE al.tag_key = k.tag_key) THEN 'ok'
            WHEN EXISTS (SELECT 1 FROM allowed AS al WHERE al.tag_key = k.tag_key AND al.value = pr.raw_value) THEN 'ok'
            ELSE 'invalid'
        END AS state
    FROM tag_sets AS s
    CROSS JOIN cfg_required_tags AS k
    LEFT JOIN present AS pr ON pr.Tags = s.Tags AND pr.tag_key = k.tag_key
),
resource_gaps AS (
    SELECT
        r.ResourceId,
        string_agg(DISTINCT j.tag_key, ', ' ORDER BY j.tag_key) FILTER (WHERE j.state = 'missing') AS missing_keys,
        string_agg(DISTINCT j.tag_key || '=' || j.raw_value, ', ' ORDER BY j.tag_key || '=' || j.raw_value)
            FILTER (WHERE j.state = 'invalid')                                                   AS invalid_tags
    FROM (SELECT DISTINCT ResourceId, Tags FROM untagged) AS r
    JOIN judged AS j ON j.Tags IS NOT DISTINCT FROM r.Tags
    GROUP BY r.ResourceId
),
resources AS (
    SELECT
        ResourceId,
        any_value(ResourceName)          AS ResourceName,
        arg_max(ServiceName, EffectiveCost)  AS ServiceName,
        arg_max(SubAccountId, EffectiveCost) AS SubAccountId,
        arg_max(SubAccountName, EffectiveCost) AS SubAccountName,
        arg_max(team, EffectiveCost)     AS team,
        arg_max(owner_source, EffectiveCost) AS owner_source,
        min(charge_date)                 AS first_day,
        max(charge_date)                 AS last_day,
        count(*)                         AS row_count,
        sum(BilledCost)                  AS billed_cost,
        sum(EffectiveCost)               AS effective_cost
    FROM untagged
    GROUP BY ResourceId
)
SELECT r.*, g.missing_keys, g.invalid_tags
FROM resources AS r
LEFT JOIN resource_gaps AS g ON g.ResourceId IS NOT DISTINCT FROM r.ResourceId
ORDER BY CASE WHEN $cost_basis = 'billed' THEN r.billed_cost ELSE r.effective_cost END DESC, r.ResourceId
LIMIT $limit
