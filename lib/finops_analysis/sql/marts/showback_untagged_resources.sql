-- showback_untagged_resources: one team's resources whose charges lack a required tag (or
-- carry a value that is not allowed) in a month, costliest first.
-- Grain: one row per ResourceId. Cost basis: EffectiveCost, billing currency.
-- Inputs: int_charges__owned; $team, $month (first day of the billing month), $limit.
-- Taggable charges only: usage rows without recurring fees or unused commitments.
SELECT
    ResourceId                                   AS resource_id,
    any_value(ResourceName)                      AS resource_name,
    any_value(ServiceName)                       AS service,
    any_value(coalesce(SubAccountName, SubAccountId)) AS sub_account,
    any_value(owner_source)                      AS owner_found_by,
    CAST(sum(EffectiveCost) AS DOUBLE)           AS effective_cost
FROM int_charges__owned
WHERE team = $team AND billing_month = CAST($month AS DATE) AND NOT tags_compliant
  AND ChargeCategory = 'Usage' AND ChargeFrequency IS DISTINCT FROM 'Recurring'
  AND CommitmentDiscountStatus IS DISTINCT FROM 'Unused' AND ResourceId IS NOT NULL
GROUP BY ResourceId
ORDER BY effective_cost DESC, resource_id
LIMIT $limit
