-- allocation_teams: the team hierarchy (team -> cost center -> business unit) and each
-- team's product, for roll-ups and the usage-driver rule.
-- Grain: one row per team (every team of ownership.csv or of the billing data, and
-- 'Unallocated' always).
-- Cost basis: product choice weighs direct EffectiveCost (amortized usage).
-- Inputs: stg_ownership, int_charges__pooled_monthly, stg_usage_metrics.
-- A team's product is the tag_product carrying most of its direct EffectiveCost (rows in
-- no pool), among the products usage_metrics.csv knows (ties: alphabetical); NULL when
-- none of its cost carries such a product (pool owners such as platform tag 'shared').
-- Teams without a cost center keep NULL; Unallocated stays Unallocated.
WITH defined AS (
    SELECT team, any_value(cost_center) AS cost_center, any_value(business_unit) AS business_unit
    FROM stg_ownership
    WHERE rule_type = 'team' AND team <> ''
    GROUP BY team
),
seen AS (
    SELECT DISTINCT team FROM int_charges__pooled_monthly
),
metric_products AS (
    SELECT DISTINCT product FROM stg_usage_metrics WHERE product IS NOT NULL
),
product_cost AS (
    SELECT c.team, c.tag_product AS product, sum(c.EffectiveCost) AS cost
    FROM int_charges__pooled_monthly AS c
    JOIN metric_products AS m ON m.product = c.tag_product
    WHERE c.pool IS NULL AND c.team <> 'Unallocated'
    GROUP BY ALL
),
dominant AS (
    SELECT team, product
    FROM (
        SELECT team, product,
               row_number() OVER (PARTITION BY team ORDER BY cost DESC, product) AS rank
        FROM product_cost
        WHERE cost > 0
    ) AS ranked
    WHERE rank = 1
),
teams AS (
    SELECT team FROM defined
    UNION
    SELECT team FROM seen
    UNION
    SELECT 'Unallocated'
)
SELECT
    t.team,
    CASE WHEN t.team = 'Unallocated' THEN 'Unallocated' ELSE d.cost_center END   AS cost_center,
    CASE WHEN t.team = 'Unallocated' THEN 'Unallocated' ELSE d.business_unit END AS business_unit,
    p.product
FROM teams AS t
LEFT JOIN defined AS d ON d.team = t.team
LEFT JOIN dominant AS p ON p.team = t.team
ORDER BY t.team = 'Unallocated', t.team
