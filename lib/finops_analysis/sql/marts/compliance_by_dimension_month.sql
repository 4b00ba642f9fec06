-- compliance_by_dimension_month: tag compliance of taggable charges, by team, by
-- sub-account, by service and overall.
-- Grain: one row per billing month, dimension ('all', 'team', 'sub_account', 'service')
-- and dimension value. Cost basis: both, BilledCost and EffectiveCost (exact DECIMAL sums).
-- Input: int_charges__monthly.
-- Taggable charges: usage rows (ChargeCategory = 'Usage') except recurring fees
-- (ChargeFrequency = 'Recurring', e.g. support plans) and unused commitment capacity
-- (CommitmentDiscountStatus = 'Unused'). Purchases, tax, credits, fees and unused
-- commitments belong to no resource anyone can tag. A row is compliant when it
-- carries every required tag key with an allowed value (tags_compliant); a value that
-- only an alias repairs (production -> prod) is not compliant.
WITH taggable AS (
    SELECT billing_month, team, SubAccountId, SubAccountName, ServiceName, tags_compliant,
           BilledCost, EffectiveCost, row_count
    FROM int_charges__monthly
    WHERE ChargeCategory = 'Usage' AND ChargeFrequency IS DISTINCT FROM 'Recurring'
      AND CommitmentDiscountStatus IS DISTINCT FROM 'Unused'
)
SELECT
    billing_month,
    CASE
        WHEN GROUPING(team) = 0 THEN 'team'
        WHEN GROUPING(SubAccountId) = 0 THEN 'sub_account'
        WHEN GROUPING(ServiceName) = 0 THEN 'service'
        ELSE 'all'
    END                                                          AS dimension,
    CASE
        WHEN GROUPING(team) = 0 THEN team
        WHEN GROUPING(SubAccountId) = 0 THEN SubAccountId
        WHEN GROUPING(ServiceName) = 0 THEN ServiceName
        ELSE 'all'
    END                                                          AS dimension_value,
    CASE WHEN GROUPING(SubAccountId) = 0 THEN any_value(SubAccountName) END AS dimension_name,
    sum(row_count)                                                   AS row_count,
    coalesce(sum(row_count) FILTER (WHERE tags_compliant), 0)                    AS compliant_rows,
    sum(BilledCost)                                              AS billed_cost,
    sum(EffectiveCost)                                           AS effective_cost,
    coalesce(sum(BilledCost) FILTER (WHERE tags_compliant), 0)   AS compliant_billed_cost,
    coalesce(sum(EffectiveCost) FILTER (WHERE tags_compliant), 0) AS compliant_effective_cost
FROM taggable
GROUP BY GROUPING SETS ((billing_month), (billing_month, team), (billing_month, SubAccountId),
                        (billing_month, ServiceName))
ORDER BY billing_month, dimension, dimension_value
