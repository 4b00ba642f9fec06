-- ownership_coverage: how each charge found its owner, and how much is tag-compliant.
-- Grain: one row per owner_source (tag, sub_account_rule, tag_rule, unallocated).
-- Cost basis: EffectiveCost of taggable charges, billing currency: usage rows, without
-- recurring fees (support plans) and unused commitment capacity, which carry no resource
-- tags (the same definition as compliance_by_dimension_month).
-- Input: int_charges__monthly.
SELECT
    owner_source,
    sum(row_count)                                                      AS row_count,
    CAST(round(sum(EffectiveCost), 2) AS DECIMAL(18, 2))            AS effective_cost,
    CAST(round(sum(EffectiveCost) FILTER (WHERE tags_compliant), 2) AS DECIMAL(18, 2)) AS compliant_cost,
    coalesce(sum(row_count) FILTER (WHERE tags_compliant), 0)                       AS compliant_rows
FROM int_charges__monthly
WHERE ChargeCategory = 'Usage' AND ChargeFrequency IS DISTINCT FROM 'Recurring'
  AND CommitmentDiscountStatus IS DISTINCT FROM 'Unused'
GROUP BY owner_source
ORDER BY effective_cost DESC
