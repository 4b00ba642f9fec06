-- owned_charges(charges): a table macro giving every row of the relation named `charges`
-- (stg_billing, or its roll-up stg_billing__rolled_up) its month, day, canonical tags, tag
-- compliance and owner. Nothing is dropped: a row no rule claims lands in 'Unallocated'.
-- Grain: one row per row of `charges`, all its columns kept.
-- Inputs: `charges`, int_tags__resolved, stg_ownership, cfg_required_tags.
-- Owner resolution: the team tag (any alias) when it names a known team; else an
-- ownership rule on the SubAccountId; else an ownership rule on a tag value; else
-- 'Unallocated'. billing_month is the finance month (BillingPeriodStart); charge_date
-- the UTC usage day (ChargePeriodStart).
WITH teams AS (
    SELECT team, any_value(cost_center) AS cost_center, any_value(business_unit) AS business_unit
    FROM stg_ownership
    WHERE rule_type = 'team' AND team <> ''
    GROUP BY team
),
sub_account_rules AS (
    SELECT match_value AS SubAccountId, min(team) AS team
    FROM stg_ownership
    WHERE rule_type = 'sub_account' AND match_value IS NOT NULL
    GROUP BY match_value
),
owned AS (
    SELECT
        c.*,
        CAST(date_trunc('month', c.BillingPeriodStart) AS DATE) AS billing_month,
        CAST(c.ChargePeriodStart AS DATE)                         AS charge_date,
        r.tag_team,
        r.tag_environment,
        r.tag_product,
        coalesce(r.required_tags_missing, (SELECT count(*) FROM cfg_required_tags)) = 0 AS tags_compliant,
        CASE
            WHEN r.tag_team_known THEN 'tag'
            WHEN s.team IS NOT NULL THEN 'sub_account_rule'
            WHEN r.rule_team IS NOT NULL THEN 'tag_rule'
            ELSE 'unallocated'
        END AS owner_source,
        CASE
            WHEN r.tag_team_known THEN r.tag_team
            ELSE coalesce(s.team, r.rule_team, 'Unallocated')
        END AS team
    FROM query_table(charges) AS c
    LEFT JOIN int_tags__resolved AS r ON r.Tags = c.Tags
    LEFT JOIN sub_account_rules AS s ON s.SubAccountId = c.SubAccountId
)
SELECT
    o.*,
    CASE WHEN o.team = 'Unallocated' THEN 'Unallocated' ELSE t.cost_center END   AS cost_center,
    CASE WHEN o.team = 'Unallocated' THEN 'Unallocated' ELSE t.business_unit END AS business_unit
FROM owned AS o
LEFT JOIN teams AS t ON t.team = o.team
